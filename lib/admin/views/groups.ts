import type { GroupSummary } from "../groups/group-types";

/** The consumer-group list: searched, sorted and paginated on the server from GroupsState. */
export const GROUP_SORT_KEYS = ["groupId", "state", "members", "topics", "totalLag", "maxTimeLagMs"] as const;
export type GroupSortKey = (typeof GROUP_SORT_KEYS)[number];
export const GROUPS_PAGE_SIZE_DEFAULT = 50;
export const GROUPS_PAGE_SIZE_MAX = 500;

export interface GroupQuery {
  q?: string;
  state?: string;
  sort?: GroupSortKey;
  order?: "asc" | "desc";
  page?: number;
  pageSize?: number;
}

export interface GroupPage {
  rows: GroupSummary[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  /** Group count by state over every group (for the filter chips). */
  states: Record<string, number>;
}

function sortValue(g: GroupSummary, key: GroupSortKey): string | number | null {
  if (key === "topics") return g.topics.length;
  return g[key];
}

function byId(a: GroupSummary, b: GroupSummary): number {
  return a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0;
}

export function queryGroups(groups: readonly GroupSummary[], query: GroupQuery): GroupPage {
  const needle = query.q?.trim().toLowerCase() ?? "";
  const key = query.sort ?? "groupId";
  const direction = query.order === "desc" ? -1 : 1;
  const pageSize = Math.min(Math.max(1, query.pageSize ?? GROUPS_PAGE_SIZE_DEFAULT), GROUPS_PAGE_SIZE_MAX);
  const states: Record<string, number> = {};
  for (const g of groups) states[g.state] = (states[g.state] ?? 0) + 1;
  const matching = groups.filter(
    (g) =>
      (query.state === undefined || g.state === query.state) &&
      (needle === "" ||
        g.groupId.toLowerCase().includes(needle) ||
        g.topics.some((t) => t.toLowerCase().includes(needle))),
  );
  if (key !== "groupId" || direction !== 1) {
    matching.sort((a, b) => {
      const x = sortValue(a, key);
      const y = sortValue(b, key);
      // Unknown values sort last in either direction.
      if (x === null || y === null) return x === y ? byId(a, b) : x === null ? 1 : -1;
      const c =
        typeof x === "number" && typeof y === "number"
          ? x - y
          : String(x) < String(y)
            ? -1
            : String(x) > String(y)
              ? 1
              : 0;
      return c * direction || byId(a, b);
    });
  }
  const pages = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(Math.max(1, query.page ?? 1), pages);
  return {
    rows: matching.slice((page - 1) * pageSize, page * pageSize),
    total: matching.length,
    page,
    pageSize,
    pages,
    states,
  };
}

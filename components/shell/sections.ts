/**
 * The sections of a cluster's console, in sidebar order. `ready` is false for a section whose
 * view has not been built yet: the sidebar shows it greyed out rather than linking to a page with
 * made-up data.
 */
export interface ConsoleSection {
  slug: string;
  label: string;
  ready: boolean;
}

export const CONSOLE_SECTIONS: readonly ConsoleSection[] = [
  { slug: "", label: "Overview", ready: true },
  { slug: "brokers", label: "Brokers", ready: false },
  { slug: "topics", label: "Topics", ready: false },
  { slug: "consumer-groups", label: "Consumer groups", ready: false },
];

export function sectionHref(clusterId: string, slug: string): string {
  const base = `/clusters/${encodeURIComponent(clusterId)}`;
  return slug === "" ? base : `${base}/${slug}`;
}

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
  { slug: "brokers", label: "Brokers", ready: true },
  { slug: "topics", label: "Topics", ready: true },
  { slug: "consumer-groups", label: "Consumer groups", ready: true },
  { slug: "reassignments", label: "Reassignments", ready: true },
  { slug: "audit", label: "Audit log", ready: true },
  { slug: "settings", label: "Connection", ready: true },
];

export function sectionHref(clusterId: string, slug: string): string {
  const base = `/clusters/${encodeURIComponent(clusterId)}`;
  return slug === "" ? base : `${base}/${slug}`;
}

/** Whether `pathname` is in the section (its page or a detail page below it). */
export function isInSection(pathname: string, clusterId: string, slug: string): boolean {
  const href = sectionHref(clusterId, slug);
  return slug === "" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
}

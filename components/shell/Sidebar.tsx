"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { CONSOLE_SECTIONS, isInSection, sectionHref } from "./sections";

/** The cluster's sections; the current one highlighted. */
export default function Sidebar({ clusterId }: { clusterId: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Cluster sections" className="flex flex-col gap-0.5 p-3 text-sm">
      {CONSOLE_SECTIONS.map((section) => {
        const href = sectionHref(clusterId, section.slug);
        if (!section.ready) {
          return (
            <span
              key={section.slug}
              className="cursor-not-allowed rounded px-3 py-1.5 text-slate-400 dark:text-slate-600"
              title="Not built yet"
            >
              {section.label}
            </span>
          );
        }
        const active = isInSection(pathname, clusterId, section.slug);
        return (
          <Link
            key={section.slug}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`rounded px-3 py-1.5 focus:outline-none focus-visible:ring-2 focus-visible:ring-teal-500 ${
              active
                ? "bg-teal-50 font-medium text-teal-900 dark:bg-teal-900/40 dark:text-teal-100"
                : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
            }`}
          >
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}

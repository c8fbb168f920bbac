import type { Metadata } from "next";
import TopicsView from "@/components/console/TopicsView";
import { type SearchParams, searchParam } from "@/components/console/links";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Topics" };

export default async function TopicsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const s = await searchParams;
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Topics</h1>
      <TopicsView
        clusterId={id}
        initial={{
          q: searchParam(s.q),
          sort: searchParam(s.sort),
          order: searchParam(s.order),
          page: searchParam(s.page),
          internal: searchParam(s.internal),
        }}
      />
    </section>
  );
}

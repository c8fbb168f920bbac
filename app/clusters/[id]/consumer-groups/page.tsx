import type { Metadata } from "next";
import GroupsView from "@/components/console/GroupsView";
import { type SearchParams, searchParam } from "@/components/console/links";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Consumer groups" };

export default async function GroupsPage({
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
      <h1 className="mb-4 text-2xl font-semibold">Consumer groups</h1>
      <GroupsView
        clusterId={id}
        initial={{
          q: searchParam(s.q),
          state: searchParam(s.state),
          sort: searchParam(s.sort),
          order: searchParam(s.order),
          page: searchParam(s.page),
        }}
      />
    </section>
  );
}

import type { Metadata } from "next";
import GroupsView from "@/components/console/GroupsView";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Consumer groups" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function GroupsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const { id } = await params;
  const s = await searchParams;
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Consumer groups</h1>
      <GroupsView
        clusterId={id}
        initial={{ q: one(s.q), state: one(s.state), sort: one(s.sort), order: one(s.order), page: one(s.page) }}
      />
    </section>
  );
}

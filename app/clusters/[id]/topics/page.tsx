import type { Metadata } from "next";
import TopicsView from "@/components/console/TopicsView";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Topics" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");

export default async function TopicsPage({
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
      <h1 className="mb-4 text-2xl font-semibold">Topics</h1>
      <TopicsView
        clusterId={id}
        initial={{ q: one(s.q), sort: one(s.sort), order: one(s.order), page: one(s.page), internal: one(s.internal) }}
      />
    </section>
  );
}

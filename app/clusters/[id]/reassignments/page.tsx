import type { Metadata } from "next";
import ReassignmentsView from "@/components/actions/reassign/ReassignmentsView";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Reassignments" };

/** ?topics=a,b prefills the planner; &rf=3 makes it a replication-factor change (from a topic's page). */
export default async function ReassignmentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const query = await searchParams;
  const topics = typeof query.topics === "string" ? query.topics.split(",").filter((t) => t !== "") : [];
  const rf = typeof query.rf === "string" && /^\d+$/.test(query.rf) ? Number(query.rf) : null;
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Reassignments and leaders</h1>
      <ReassignmentsView clusterId={id} defaults={{ topics, replicationFactor: rf }} />
    </section>
  );
}

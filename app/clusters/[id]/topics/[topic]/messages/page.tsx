import Link from "next/link";
import { clusterHref, decodeSegment, type SearchParams } from "@/components/console/links";
import MessagesView from "@/components/messages/MessagesView";
import { getConsoleContext } from "@/lib/console/context";
import { getCluster } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";

/** /clusters/{id}/topics/{topic}/messages, and permalinks ?partition=P&offset=O to one record. */
export default async function MessagesPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string; topic: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id, topic } = await params;
  const query = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === "string" && /^\d+$/.test(v) ? v : undefined);
  const { config, db } = await getConsoleContext();
  // PIER_READ_ONLY=1 or the cluster's own read-only flag turn producing off (the API refuses it too).
  const readOnly = config.readOnly || ((await getCluster(db, id))?.readOnly ?? false);
  const name = decodeSegment(topic);
  return (
    <section>
      <nav aria-label="Breadcrumb" className="mb-1 text-sm">
        <Link href={clusterHref(id, "topics")} className="text-teal-700 hover:underline dark:text-teal-300">
          Topics
        </Link>{" "}
        /{" "}
        <Link href={clusterHref(id, "topics", name)} className="text-teal-700 hover:underline dark:text-teal-300">
          {name}
        </Link>
      </nav>
      <h1 className="mb-4 break-all text-2xl font-semibold">Messages of {name}</h1>
      <MessagesView
        clusterId={id}
        topic={name}
        readOnly={readOnly}
        initialPartition={one(query.partition)}
        initialOffset={one(query.partition) !== undefined ? one(query.offset) : undefined}
      />
    </section>
  );
}

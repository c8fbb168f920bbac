import { searchParamsOf, topicNameSchema } from "@/lib/console/api-schemas";
import { handleMessages, streamEvents } from "@/lib/console/message-routes";
import { tailQuerySchema } from "@/lib/console/message-schemas";
import { clusterRoute } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/clusters/{id}/topics/{topic}/messages/tail: Server-Sent Events from the end of the
 * topic (or a tail cursor): `record` events for matching records and a `position` event after
 * every poll (at least once a second) carrying the cursor to resume from.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  return clusterRoute(id, ({ client }) =>
    handleMessages(async () => {
      const name = topicNameSchema.parse(topic);
      const { partition, q, ...query } = tailQuerySchema.parse(searchParamsOf(request));
      const abort = new AbortController();
      request.signal.addEventListener("abort", () => abort.abort());
      const events = client.messages.tail(name, { ...query, text: q, partitions: partition }, abort.signal);
      return streamEvents(events, "sse", abort);
    }),
  );
}

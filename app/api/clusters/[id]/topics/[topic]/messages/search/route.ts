import { searchParamsOf, topicNameSchema } from "@/lib/console/api-schemas";
import { handleMessages, streamEvents } from "@/lib/console/message-routes";
import { searchQuerySchema } from "@/lib/console/message-schemas";
import { clusterRoute } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/clusters/{id}/topics/{topic}/messages/search: NDJSON, one event a line (start, match,
 * progress, end with a resume cursor). Closing the connection stops the scan.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  return clusterRoute(id, ({ client }) =>
    handleMessages(async () => {
      const name = topicNameSchema.parse(topic);
      const { partition, q, ...query } = searchQuerySchema.parse(searchParamsOf(request));
      const abort = new AbortController();
      request.signal.addEventListener("abort", () => abort.abort());
      const events = client.messages.search(name, { ...query, text: q, partitions: partition }, abort.signal);
      return streamEvents(events, "ndjson", abort);
    }),
  );
}

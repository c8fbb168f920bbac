import { searchParamsOf, topicNameSchema } from "@/lib/console/api-schemas";
import { handleMessages } from "@/lib/console/message-routes";
import { jsonError } from "@/lib/console/http";
import {
  browseQuerySchema,
  MAX_PRODUCE_BODY_BYTES,
  produceBodySchema,
  produceRecordsOf,
} from "@/lib/console/message-schemas";
import { mutationRoute } from "@/lib/console/mutations";
import { clusterRoute, jsonBody } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ id: string; topic: string }> };

/** GET /api/clusters/{id}/topics/{topic}/messages: one page of records (see openapi.ts for the parameters). */
export async function GET(request: Request, { params }: Context) {
  const { id, topic } = await params;
  return clusterRoute(id, ({ client }) =>
    handleMessages(async () => {
      const name = topicNameSchema.parse(topic);
      const { partition, ...query } = browseQuerySchema.parse(searchParamsOf(request));
      return Response.json(await client.messages.browse(name, { ...query, partitions: partition }));
    }),
  );
}

/**
 * POST /api/clusters/{id}/topics/{topic}/messages: produces records (403 when read-only or
 * cross-origin). Audited as "message.produce" with the record count and the partitions written,
 * never the keys or values (they may be anyone's data).
 */
export async function POST(request: Request, { params }: Context) {
  const { id, topic } = await params;
  return mutationRoute(request, id, async ({ cluster, audited }) => {
    const declared = Number(request.headers.get("content-length") ?? 0);
    if (declared > MAX_PRODUCE_BODY_BYTES) {
      return jsonError(413, "too_large", `A produce request may carry at most ${MAX_PRODUCE_BODY_BYTES} bytes.`);
    }
    return handleMessages(async () => {
      const name = topicNameSchema.parse(topic);
      const body = produceBodySchema.parse(await jsonBody(request));
      const { result: batches } = await audited({
        action: "message.produce",
        target: `topic:${name}`,
        parameters: { records: body.records.length, compression: body.compression, encoding: body.encoding },
        run: async () => {
          const produced = await cluster.client.messages.produce(name, produceRecordsOf(body), body.compression);
          return { result: produced, after: produced };
        },
      });
      return Response.json({ batches }, { status: 201 });
    });
  });
}

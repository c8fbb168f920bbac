import { testUnsavedCluster } from "@/lib/console/connection-test";
import { clusterInputSchema } from "@/lib/console/api-schemas";
import { handle } from "@/lib/console/http";
import { jsonBody } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/connection-test: tests unsaved cluster settings (the registration form's button). */
export async function POST(request: Request) {
  return handle(async () => {
    const input = clusterInputSchema.parse(await jsonBody(request));
    return Response.json({ result: await testUnsavedCluster(input) });
  });
}

import { getConsoleContext } from "@/lib/console/context";
import { handle } from "@/lib/console/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Liveness: answers once configuration and database are ready. */
export async function GET() {
  return handle(async () => {
    await getConsoleContext();
    return Response.json({ status: "ok" });
  });
}

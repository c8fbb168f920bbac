import { openApiDocument } from "@/lib/console/openapi";

export const dynamic = "force-static";

/** GET /api/openapi.json: the REST API's OpenAPI 3.1 description. */
export function GET() {
  return Response.json(openApiDocument());
}

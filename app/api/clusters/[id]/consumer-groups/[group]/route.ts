import { groupIdSchema } from "@/lib/console/api-schemas";
import { deleteGroup } from "@/lib/console/group-actions";
import { clusterRoute } from "@/lib/console/routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/clusters/{id}/consumer-groups/{group}: members, assignments, offsets, lag and time lag. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; group: string }> }) {
  const { id, group } = await params;
  return clusterRoute(id, async ({ client }) => Response.json(await client.consumerGroup(groupIdSchema.parse(group))));
}

/**
 * DELETE /api/clusters/{id}/consumer-groups/{group} `{ confirm: "<group id>" }`: deletes an empty
 * group and its committed offsets (audited "group.delete"); 409 while it has members.
 */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string; group: string }> }) {
  const { id, group } = await params;
  return deleteGroup(request, id, group);
}

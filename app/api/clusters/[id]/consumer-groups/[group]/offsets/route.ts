import { deleteTopicOffsets, resetOffsets } from "@/lib/console/group-actions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string; group: string }> };

/**
 * POST /api/clusters/{id}/consumer-groups/{group}/offsets: reset the group's committed offsets
 * (earliest, latest, a timestamp, an exact offset, or shifted by ±N; the whole group, one topic or
 * one partition). `dryRun: true` answers the plan and changes nothing; otherwise the plan is
 * applied and audited ("group.offsets.reset"). 409 while the group has active members.
 */
export async function POST(request: Request, { params }: Params) {
  const { id, group } = await params;
  return resetOffsets(request, id, group);
}

/** DELETE .../offsets?topic=T: deletes the group's committed offsets of topic T (audited "group.offsets.delete"). */
export async function DELETE(request: Request, { params }: Params) {
  const { id, group } = await params;
  return deleteTopicOffsets(request, id, group);
}

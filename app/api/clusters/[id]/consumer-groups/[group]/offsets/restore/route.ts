import { getRestorePoint, restoreOffsets } from "@/lib/console/group-actions";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Params = { params: Promise<{ id: string; group: string }> };

/** GET .../offsets/restore: `{ restorePoint }`, the offsets before the group's latest reset or restore (null when none). */
export async function GET(_request: Request, { params }: Params) {
  const { id, group } = await params;
  return getRestorePoint(id, group);
}

/**
 * POST .../offsets/restore `{ dryRun }`: puts the restore point's offsets back (audited
 * "group.offsets.restore", itself a restore point, so a restore can be undone the same way).
 */
export async function POST(request: Request, { params }: Params) {
  const { id, group } = await params;
  return restoreOffsets(request, id, group);
}

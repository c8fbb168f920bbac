import Link from "next/link";
import GroupDetailView from "@/components/console/GroupDetailView";
import { clusterHref, decodeSegment } from "@/components/console/links";

export const dynamic = "force-dynamic";

export default async function GroupPage({ params }: { params: Promise<{ id: string; group: string }> }) {
  const { id, group } = await params;
  const groupId = decodeSegment(group);
  return (
    <section>
      <nav aria-label="Breadcrumb" className="mb-1 text-sm">
        <Link href={clusterHref(id, "consumer-groups")} className="text-teal-700 hover:underline dark:text-teal-300">
          Consumer groups
        </Link>
      </nav>
      <h1 className="mb-4 break-all text-2xl font-semibold">{groupId}</h1>
      <GroupDetailView clusterId={id} groupId={groupId} />
    </section>
  );
}

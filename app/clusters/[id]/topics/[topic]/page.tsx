import Link from "next/link";
import TopicDetailView from "@/components/console/TopicDetailView";
import { clusterHref, decodeSegment } from "@/components/console/links";

export const dynamic = "force-dynamic";

export default async function TopicPage({ params }: { params: Promise<{ id: string; topic: string }> }) {
  const { id, topic } = await params;
  const name = decodeSegment(topic);
  return (
    <section>
      <nav aria-label="Breadcrumb" className="mb-1 text-sm">
        <Link href={clusterHref(id, "topics")} className="text-teal-700 hover:underline dark:text-teal-300">
          Topics
        </Link>
      </nav>
      <h1 className="mb-4 break-all text-2xl font-semibold">{name}</h1>
      <TopicDetailView clusterId={id} topic={name} />
    </section>
  );
}

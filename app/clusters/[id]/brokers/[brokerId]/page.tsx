import Link from "next/link";
import BrokerDetailView from "@/components/console/BrokerDetailView";
import { clusterHref } from "@/components/console/links";

export const dynamic = "force-dynamic";

export default async function BrokerPage({ params }: { params: Promise<{ id: string; brokerId: string }> }) {
  const { id, brokerId } = await params;
  return (
    <section>
      <nav aria-label="Breadcrumb" className="mb-1 text-sm">
        <Link href={clusterHref(id, "brokers")} className="text-teal-700 hover:underline dark:text-teal-300">
          Brokers
        </Link>
      </nav>
      <h1 className="mb-4 text-2xl font-semibold">Broker {brokerId}</h1>
      <BrokerDetailView clusterId={id} brokerId={brokerId} />
    </section>
  );
}

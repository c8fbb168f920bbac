import type { Metadata } from "next";
import BrokersView from "@/components/console/BrokersView";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Brokers" };

export default async function BrokersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">Brokers</h1>
      <BrokersView clusterId={id} />
    </section>
  );
}

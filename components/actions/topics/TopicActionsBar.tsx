"use client";

import { useState } from "react";
import type { ConfigEntry, Feature, TopicDetailView } from "@/lib/admin/index";
import ActionButton from "./ActionButton";
import AddPartitionsDialog from "./AddPartitionsDialog";
import DeleteTopicDialog from "./DeleteTopicDialog";
import EditConfigsDialog from "./EditConfigsDialog";
import PurgeDialog from "./PurgeDialog";

/**
 * A topic's actions on its detail page. Internal topics (__consumer_offsets, ...) cannot be
 * deleted, purged or grown from the console; every button says why it is off.
 */
type Open = "partitions" | "configs" | "purge" | "delete" | null;

export default function TopicActionsBar({
  clusterId,
  topic,
  configs,
}: {
  clusterId: string;
  topic: TopicDetailView;
  configs: Feature<ConfigEntry[]> | undefined;
}) {
  const [open, setOpen] = useState<Open>(null);
  const name = topic.row.name;
  const internal = topic.row.internal
    ? `"${name}" is an internal topic: Kafka itself depends on it, so the console does not change it.`
    : null;
  const noConfigs =
    configs === undefined
      ? "Reading the configs…"
      : configs.status !== "ok"
        ? `Configs unavailable: ${configs.message}`
        : null;
  const close = () => setOpen(null);
  return (
    <div className="flex flex-wrap gap-2" role="group" aria-label="Topic actions">
      <ActionButton onClick={() => setOpen("partitions")} blocked={internal} testId="action-add-partitions">
        Add partitions
      </ActionButton>
      <ActionButton onClick={() => setOpen("configs")} blocked={noConfigs} testId="action-edit-configs">
        Edit configs
      </ActionButton>
      <ActionButton onClick={() => setOpen("purge")} blocked={internal} danger testId="action-purge">
        Purge records
      </ActionButton>
      <ActionButton onClick={() => setOpen("delete")} blocked={internal} danger testId="action-delete-topic">
        Delete topic
      </ActionButton>
      {open === "partitions" ? (
        <AddPartitionsDialog clusterId={clusterId} topic={name} current={topic.row.partitions} onClose={close} />
      ) : null}
      {open === "configs" && configs?.status === "ok" ? (
        <EditConfigsDialog clusterId={clusterId} topic={name} configs={configs.value} onClose={close} />
      ) : null}
      {open === "purge" ? (
        <PurgeDialog clusterId={clusterId} topic={name} partitions={topic.row.partitions} onClose={close} />
      ) : null}
      {open === "delete" ? <DeleteTopicDialog clusterId={clusterId} topic={topic} onClose={close} /> : null}
    </div>
  );
}

import { AdminError, NotFoundError } from "../errors";
import { ErrorCode, errorInfo } from "../../protocol";
import { kafkaError } from "../wire/broker-connection";
import type { ProtocolClient } from "../wire/protocol-client";
import { GroupActionError } from "./groups-errors";
import { readGroupState, readPartitions, type GroupState } from "./groups-state";
import type { AppliedOffsets, CommittedOffsetEntry, OffsetPlan } from "./groups-types";
import { commitOffsets, deleteGroup, deleteOffsets, type PartitionCodes } from "./groups-wire";

/**
 * The changes themselves: commit a plan's offsets (and remove the commits a restore removes),
 * delete a group, delete a group's offsets of one topic. Kafka's refusals come back in words: a
 * member that joined meanwhile (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS),
 * NON_EMPTY_GROUP and GROUP_SUBSCRIBED_TO_TOPIC are GroupActionErrors "group_active" (HTTP 409);
 * anything else is the cluster's failure (AdminError "kafka_error").
 */
const MEMBER_JOINED: ReadonlySet<number> = new Set([
  ErrorCode.UNKNOWN_MEMBER_ID,
  ErrorCode.ILLEGAL_GENERATION,
  ErrorCode.REBALANCE_IN_PROGRESS,
  ErrorCode.FENCED_INSTANCE_ID,
]);

export async function applyPlan(wire: ProtocolClient, plan: OffsetPlan): Promise<AppliedOffsets> {
  if (plan.blocked) throw new GroupActionError("group_active", plan.blocked);
  const commits = plan.rows.filter((r) => r.action === "commit");
  const deletes = plan.rows.filter((r) => r.action === "delete");
  if (commits.length === 0 && deletes.length === 0) {
    throw new GroupActionError("nothing_to_change", "Nothing to change: no partition of the plan gets a new offset.");
  }
  if (commits.length > 0) {
    const codes = await commitOffsets(
      wire,
      plan.groupId,
      commits.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.newOffset! })),
    );
    throwRefusals(plan.groupId, "OffsetCommit", codes, commits.length);
  }
  if (deletes.length > 0) {
    const answer = await deleteOffsets(wire, plan.groupId, deletes);
    throwGroupCode(plan.groupId, "OffsetDelete", answer.errorCode);
    throwRefusals(plan.groupId, "OffsetDelete", answer.partitions, deletes.length);
  }
  const changed = plan.rows.filter((r) => r.action !== "none");
  return {
    plan,
    before: changed.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.currentOffset })),
    after: changed.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.newOffset })),
  };
}

/** The group, checked deletable: it exists and has no members (Kafka refuses NON_EMPTY_GROUP). */
export async function prepareGroupDeletion(wire: ProtocolClient, groupId: string): Promise<GroupState> {
  const group = await readGroupState(wire, groupId);
  if (group.members > 0) {
    throw new GroupActionError(
      "group_active",
      `The group "${groupId}" has ${group.members} active member${group.members === 1 ? "" : "s"} and is ` +
        `${group.state}: Kafka deletes only empty groups (it would answer NON_EMPTY_GROUP). Stop its consumers first.`,
    );
  }
  return group;
}

export async function deleteGroupNow(wire: ProtocolClient, groupId: string): Promise<void> {
  const code = await deleteGroup(wire, groupId);
  if (code === ErrorCode.GROUP_ID_NOT_FOUND) throw new NotFoundError("group", groupId);
  throwGroupCode(groupId, "DeleteGroups", code);
}

/** The group's committed offsets of `topic`; 404 when the group has none there. */
export async function prepareOffsetDeletion(
  wire: ProtocolClient,
  groupId: string,
  topic: string,
): Promise<CommittedOffsetEntry[]> {
  const group = await readGroupState(wire, groupId);
  const entries = group.committed.filter((e) => e.topic === topic);
  if (entries.length > 0) return entries;
  const exists = (await readPartitions(wire, [topic])).has(topic);
  throw new GroupActionError(
    "no_offsets",
    exists
      ? `The group "${groupId}" has no committed offsets for topic "${topic}": there is nothing to delete.`
      : `There is no topic "${topic}" in this cluster, and the group "${groupId}" has no offsets for it.`,
  );
}

export async function deleteOffsetsNow(wire: ProtocolClient, groupId: string, entries: CommittedOffsetEntry[]) {
  const answer = await deleteOffsets(wire, groupId, entries);
  if (answer.errorCode === ErrorCode.GROUP_ID_NOT_FOUND) throw new NotFoundError("group", groupId);
  throwGroupCode(groupId, "OffsetDelete", answer.errorCode);
  throwRefusals(groupId, "OffsetDelete", answer.partitions, entries.length);
}

/** A group-level error code in words (NONE passes). */
function throwGroupCode(groupId: string, api: string, code: number): void {
  if (code === ErrorCode.NONE) return;
  if (code === ErrorCode.NON_EMPTY_GROUP) {
    throw new GroupActionError(
      "group_active",
      `Kafka refused: the group "${groupId}" is not empty (NON_EMPTY_GROUP). A consumer is in the group; ` +
        `stop its consumers and try again.`,
    );
  }
  throw kafkaError(api, code);
}

/** Per-partition refusals in words; `total` is how many partitions were sent. */
function throwRefusals(groupId: string, api: string, codes: PartitionCodes, total: number): void {
  const failed = [...codes].filter(([, code]) => code !== ErrorCode.NONE);
  if (failed.length === 0) return;
  const joined = failed.find(([, code]) => MEMBER_JOINED.has(code));
  if (joined) {
    throw new GroupActionError(
      "group_active",
      `A consumer joined the group "${groupId}" while its offsets were being changed, and Kafka refused the ` +
        `change (${errorInfo(joined[1]).name}). Stop the group's consumers, check the offsets, and try again.`,
    );
  }
  const subscribed = failed.find(([, code]) => code === ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
  if (subscribed) {
    throw new GroupActionError(
      "group_active",
      `Kafka refused (GROUP_SUBSCRIBED_TO_TOPIC): the group "${groupId}" has active members subscribed to ` +
        `${topicOf(subscribed[0])}. Stop its consumers, or wait until they no longer read that topic.`,
    );
  }
  const list = failed
    .slice(0, 10)
    .map(
      ([key, code]) =>
        `${topicOf(key)}-${key.split("\u0000")[1]}: ${errorInfo(code).name} (${errorInfo(code).message})`,
    )
    .join("; ");
  const rest = total - failed.length;
  const applied = rest > 0 ? ` The other ${rest} partition${rest === 1 ? " was" : "s were"} changed.` : "";
  throw new AdminError("kafka_error", `${api} refused ${failed.length} of ${total} partitions: ${list}.${applied}`);
}

function topicOf(key: string): string {
  return key.split("\u0000")[0] ?? key;
}

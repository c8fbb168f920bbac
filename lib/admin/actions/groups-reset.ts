import { NotFoundError } from "../errors";
import type { ProtocolClient } from "../wire/protocol-client";
import { GroupActionError, INACTIVE_GROUP_STATES, activeGroupMessage } from "./groups-errors";
import { buildPlan, targetOf, type PartitionInput } from "./groups-plan";
import {
  byTopicPartition,
  readGroupState,
  readLogBounds,
  readOffsetsForTime,
  readPartitions,
  type GroupState,
  type PartitionRef,
} from "./groups-state";
import type { CommittedOffsetEntry, OffsetPlan, ResetScope, ResetStrategy } from "./groups-types";
import { tpKey } from "./groups-wire";

/**
 * Dry runs of offset resets and restores: a fresh read of the group and of its partitions' log
 * bounds, turned into an OffsetPlan (groups-plan.ts). Nothing here changes the cluster; applying a
 * plan is groups-apply.ts.
 */
export interface ResetRequest {
  scope: ResetScope;
  strategy: ResetStrategy;
}

export async function planReset(wire: ProtocolClient, groupId: string, request: ResetRequest): Promise<OffsetPlan> {
  const group = await readGroupState(wire, groupId);
  const refs = await partitionsInScope(wire, group, request.scope);
  const bounds = await readLogBounds(wire, refs);
  const { strategy } = request;
  const times = strategy.to === "timestamp" ? await readOffsetsForTime(wire, refs, strategy.timestampMs) : undefined;
  const committed = committedMap(group.committed);
  const inputs: PartitionInput[] = refs.map((ref) => {
    const key = tpKey(ref.topic, ref.partition);
    const current = committed.get(key) ?? null;
    const partitionBounds = bounds.get(key)!;
    return {
      topic: ref.topic,
      partition: ref.partition,
      current,
      bounds: partitionBounds,
      target: targetOf(strategy, current, partitionBounds, times?.get(key)),
    };
  });
  return buildPlan(planHeader(group), inputs);
}

/**
 * The plan that puts back `previous` (a restore point: the offsets before an earlier reset). An
 * entry with a null offset had no commit then: its commit is removed. Partitions that no longer
 * exist are listed and left alone.
 */
export async function planRestore(
  wire: ProtocolClient,
  groupId: string,
  previous: CommittedOffsetEntry[],
): Promise<OffsetPlan> {
  const group = await readGroupState(wire, groupId);
  const partitions = await readPartitions(wire, [...new Set(previous.map((e) => e.topic))]);
  const existing = new Map<string, PartitionRef>();
  for (const list of partitions.values()) for (const ref of list) existing.set(tpKey(ref.topic, ref.partition), ref);
  const wanted = [...previous].sort(byTopicPartition);
  const bounds = await readLogBounds(
    wire,
    wanted.flatMap((e) => existing.get(tpKey(e.topic, e.partition)) ?? []),
  );
  const committed = committedMap(group.committed);
  const inputs: PartitionInput[] = wanted.map((entry) => {
    const key = tpKey(entry.topic, entry.partition);
    return {
      topic: entry.topic,
      partition: entry.partition,
      current: committed.get(key) ?? null,
      bounds: bounds.get(key) ?? null,
      target: entry.offset === null ? { kind: "delete" } : { kind: "offset", offset: entry.offset },
    };
  });
  return buildPlan(planHeader(group), inputs);
}

/** Why a group's offsets cannot change now (it has members), or null. */
export function blockedReason(group: GroupState): string | null {
  if (INACTIVE_GROUP_STATES.has(group.state) && group.members === 0) return null;
  if (group.state === "Unknown" && group.members === 0) return null;
  return activeGroupMessage(group.groupId, group.state, group.members, group.clientIds);
}

function planHeader(group: GroupState) {
  return { groupId: group.groupId, groupState: group.state, members: group.members, blocked: blockedReason(group) };
}

async function partitionsInScope(wire: ProtocolClient, group: GroupState, scope: ResetScope): Promise<PartitionRef[]> {
  if (scope.kind === "group") {
    if (group.committed.length === 0) {
      throw new GroupActionError(
        "nothing_to_change",
        `The group "${group.groupId}" has no committed offsets: choose a topic (or a partition) to reset.`,
      );
    }
    const partitions = await readPartitions(wire, [...new Set(group.committed.map((e) => e.topic))]);
    // Offsets of topics deleted since are left out: there is nothing to reset them to.
    const refs = [...partitions.values()].flat();
    const committed = committedMap(group.committed);
    return refs.filter((ref) => committed.has(tpKey(ref.topic, ref.partition)));
  }
  const refs = (await readPartitions(wire, [scope.topic])).get(scope.topic);
  if (!refs) throw new NotFoundError("topic", scope.topic);
  if (scope.kind === "topic") return refs;
  const ref = refs.find((r) => r.partition === scope.partition);
  if (!ref) {
    throw new GroupActionError(
      "unknown_partition",
      `Topic "${scope.topic}" has no partition ${scope.partition} (it has partitions 0 to ${refs.length - 1}).`,
    );
  }
  return [ref];
}

function committedMap(entries: CommittedOffsetEntry[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of entries) if (e.offset !== null) out.set(tpKey(e.topic, e.partition), e.offset);
  return out;
}

import { type ApiKey, ErrorCode, errorInfo, type RequestInput } from "../../protocol";
import { AdminError } from "../errors";
import { groupBy, partitionKey, type ProtocolClient } from "../wire/protocol-client";

/**
 * The group coordinator requests of the console's group actions, sent with Pier's own protocol
 * client: OffsetCommit outside group management (generation -1, empty member id: what Kafka's
 * reset tool sends, accepted only while the group is Empty — far faster than kafkajs'
 * admin.setOffsets, which joins the group), DeleteGroups and OffsetDelete (which kafkajs lacks).
 * Each answers Kafka's error codes, per partition where Kafka has them; the callers put them in words.
 *
 * A coordinator that moved or is still loading the group (NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS) is looked up again and asked again, up
 * to COORDINATOR_ATTEMPTS times.
 */
export const COORDINATOR_ATTEMPTS = 4;
export const COORDINATOR_RETRY_BACKOFF_MS = 250;

const COORDINATOR_MOVED: ReadonlySet<number> = new Set([
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
]);

export interface OffsetToCommit {
  topic: string;
  partition: number;
  offset: number;
}

/** Kafka error code per "topic\0partition". */
export type PartitionCodes = Map<string, number>;

/** The PartitionCodes key of a partition (the protocol client's own). */
export const tpKey = partitionKey;

/** Commits `offsets` for `groupId` as an admin (not a member) would; answers each partition's error code. */
export function commitOffsets(
  wire: ProtocolClient,
  groupId: string,
  offsets: OffsetToCommit[],
): Promise<PartitionCodes> {
  const topics = [...byTopic(offsets)].map(([name, list]) => ({
    name,
    partitions: list.map((o) => ({
      partitionIndex: o.partition,
      committedOffset: BigInt(o.offset),
      committedMetadata: "",
    })),
  }));
  return onCoordinator(wire, groupId, async (coordinator) => {
    const answer = await send(wire, coordinator, "OffsetCommit", {
      groupId,
      generationIdOrMemberEpoch: -1,
      memberId: "",
      groupInstanceId: null,
      topics,
    });
    const codes = partitionCodes(answer.topics);
    return { value: codes, codes: codes.values() };
  });
}

/** DeleteGroups for one group; answers its error code (NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND...). */
export function deleteGroup(wire: ProtocolClient, groupId: string): Promise<number> {
  return onCoordinator(wire, groupId, async (coordinator) => {
    const answer = await send(wire, coordinator, "DeleteGroups", { groupsNames: [groupId] });
    const code = answer.results.find((r) => r.groupId === groupId)?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
    return { value: code, codes: [code] };
  });
}

/** OffsetDelete of the listed partitions; the group-level code and each partition's. */
export function deleteOffsets(
  wire: ProtocolClient,
  groupId: string,
  partitions: { topic: string; partition: number }[],
): Promise<{ errorCode: number; partitions: PartitionCodes }> {
  const topics = [...byTopic(partitions)].map(([name, list]) => ({
    name,
    partitions: list.map((p) => ({ partitionIndex: p.partition })),
  }));
  return onCoordinator(wire, groupId, async (coordinator) => {
    const answer = await send(wire, coordinator, "OffsetDelete", { groupId, topics });
    const codes = partitionCodes(answer.topics);
    return { value: { errorCode: answer.errorCode, partitions: codes }, codes: [answer.errorCode, ...codes.values()] };
  });
}

/**
 * Runs `attempt` against the group's coordinator, finding it again while Kafka says it moved.
 * `attempt` answers its value and every error code in the answer (top-level and per partition).
 */
async function onCoordinator<R>(
  wire: ProtocolClient,
  groupId: string,
  attempt: (coordinator: number) => Promise<{ value: R; codes: Iterable<number> }>,
): Promise<R> {
  let moved: number = ErrorCode.NONE;
  for (let i = 0; i < COORDINATOR_ATTEMPTS; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, COORDINATOR_RETRY_BACKOFF_MS * i));
    const { value, codes } = await attempt(await wire.findCoordinator(groupId));
    moved = [...codes].find((code) => COORDINATOR_MOVED.has(code)) ?? ErrorCode.NONE;
    if (moved === ErrorCode.NONE) return value;
  }
  throw new AdminError(
    "kafka_error",
    `The coordinator of group "${groupId}" kept answering ${errorInfo(moved).name} ` +
      `after ${COORDINATOR_ATTEMPTS} attempts: the cluster is moving or loading its groups; try again in a moment.`,
  );
}

/**
 * One request to one broker at the best common version (ProtocolClient.call: its pooled connection,
 * reopened once if the broker closed it while idle).
 */
async function send<A extends "OffsetCommit" | "DeleteGroups" | "OffsetDelete">(
  wire: ProtocolClient,
  brokerId: number,
  api: A,
  body: RequestInput<(typeof ApiKey)[A]>,
) {
  return (await wire.call(await wire.connectionTo(brokerId), api, () => body)).body;
}

function partitionCodes(topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[]) {
  const codes: PartitionCodes = new Map();
  for (const t of topics) for (const p of t.partitions) codes.set(tpKey(t.name, p.partitionIndex), p.errorCode);
  return codes;
}

function byTopic<T extends { topic: string }>(items: T[]): Map<string, T[]> {
  return groupBy(items, (item) => item.topic);
}

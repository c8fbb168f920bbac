import { decodeAssignment } from "../../protocol";
import { AdminError, UnsupportedByClusterError } from "../errors";
import type { ClusterSnapshot } from "../types";
import type { ProtocolClient } from "../wire/protocol-client";
import type { CommittedOffset, GroupOffsets } from "./committed-offsets-index";
import type { GroupMember } from "./group-types";

/**
 * The group requests of the tracker, each batched as far as Kafka allows: ListGroups once per
 * broker (a broker lists the groups it coordinates, so no FindCoordinator per group),
 * DescribeGroups in batches per coordinator, OffsetFetch per group.
 */
export const DESCRIBE_GROUPS_BATCH = 100;

export interface Listing {
  /** The broker that listed the group (its coordinator); null when known only from __consumer_offsets. */
  coordinator: number | null;
  protocolType: string;
}

export interface Described {
  state: string;
  protocolType: string;
  protocol: string;
  members: GroupMember[];
}

/** Every group of the cluster; UnsupportedByClusterError when no broker offers ListGroups. */
export async function listAllGroups(client: ProtocolClient, snapshot: ClusterSnapshot): Promise<Map<string, Listing>> {
  const listings = new Map<string, Listing>();
  let unsupported: UnsupportedByClusterError | undefined;
  await Promise.all(
    snapshot.brokers.map(async (broker) => {
      try {
        for (const g of await client.listGroups(broker.id)) {
          listings.set(g.groupId, { coordinator: broker.id, protocolType: g.protocolType });
        }
      } catch (error) {
        if (error instanceof UnsupportedByClusterError) unsupported = error;
        else throw error;
      }
    }),
  );
  if (unsupported && listings.size === 0) throw unsupported;
  return listings;
}

/** DescribeGroups for every listed group, in batches per coordinator; a failed batch is skipped. */
export async function describeAllGroups(
  client: ProtocolClient,
  listings: Map<string, Listing>,
): Promise<Map<string, Described>> {
  const byCoordinator = new Map<number, string[]>();
  for (const [groupId, { coordinator }] of listings) {
    if (coordinator === null) continue;
    const list = byCoordinator.get(coordinator) ?? [];
    list.push(groupId);
    byCoordinator.set(coordinator, list);
  }
  const described = new Map<string, Described>();
  await Promise.all(
    [...byCoordinator].map(async ([coordinator, ids]) => {
      for (let i = 0; i < ids.length; i += DESCRIBE_GROUPS_BATCH) {
        try {
          for (const [id, d] of await describeGroups(client, coordinator, ids.slice(i, i + DESCRIBE_GROUPS_BATCH)))
            described.set(id, d);
        } catch (error) {
          if (!(error instanceof AdminError)) throw error;
        }
      }
    }),
  );
  return described;
}

export async function describeGroups(
  client: ProtocolClient,
  coordinator: number,
  groupIds: string[],
): Promise<Map<string, Described>> {
  const out = new Map<string, Described>();
  for (const g of await client.describeGroups(coordinator, groupIds)) {
    if (g.errorCode !== 0) continue;
    out.set(g.groupId, {
      state: g.groupState,
      protocolType: g.protocolType,
      protocol: g.protocolData,
      members: g.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignment: g.protocolType === "consumer" ? assignmentOf(m.memberAssignment) : [],
      })),
    });
  }
  return out;
}

/** Every committed offset of one group (OffsetFetch), as index entries. */
export async function fetchGroupOffsets(
  client: ProtocolClient,
  coordinator: number,
  groupId: string,
  snapshot: ClusterSnapshot,
): Promise<GroupOffsets> {
  let topics;
  try {
    topics = await client.offsetFetch(coordinator, groupId);
  } catch (error) {
    // Some brokers (librdkafka's mock) cannot answer "all topics": ask for every known partition.
    if (!(error instanceof AdminError) || error.code !== "protocol_error") throw error;
    const all = snapshot.topics.filter((t) => !t.isInternal);
    topics = await client.offsetFetch(
      coordinator,
      groupId,
      all.map((t) => ({ name: t.name, partitionIndexes: t.partitions.map((p) => p.partition) })),
    );
  }
  const offsets: GroupOffsets = new Map();
  for (const t of topics) {
    for (const p of t.partitions) {
      if (p.errorCode !== 0 || p.committedOffset < 0n) continue;
      const perTopic = offsets.get(t.name) ?? new Map<number, CommittedOffset>();
      perTopic.set(p.partitionIndex, {
        offset: Number(p.committedOffset),
        commitTimestampMs: -1,
        metadata: p.metadata ?? "",
      });
      offsets.set(t.name, perTopic);
    }
  }
  return offsets;
}

function assignmentOf(bytes: Buffer): { topic: string; partitions: number[] }[] {
  if (bytes.length === 0) return [];
  try {
    return decodeAssignment(bytes).value.assignedPartitions.map((a) => ({
      topic: a.topic,
      partitions: [...a.partitions],
    }));
  } catch {
    return [];
  }
}

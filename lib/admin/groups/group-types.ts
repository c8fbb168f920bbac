import type { Feature } from "../errors";
import type { LagFlag } from "./lag";

/** A consumer group as the list shows it. */
export interface GroupSummary {
  groupId: string;
  /** Kafka's group state (Stable, Empty, PreparingRebalance, CompletingRebalance, Dead), or "Unknown". */
  state: string;
  protocolType: string;
  /** The assignor (range, cooperative-sticky...) while the group is active. */
  protocol: string;
  members: number;
  coordinator: number | null;
  topics: string[];
  partitions: number;
  totalLag: number | null;
  /** Largest time lag over its partitions (ms); null when unknown or nothing is waiting. */
  maxTimeLagMs: number | null;
  /** Partitions whose time lag was not read yet (the per-refresh fetch budget ran out). */
  timeLagPending: number;
  flags: { noCommit: number; belowLogStart: number; negative: number };
}

export interface GroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  assignment: { topic: string; partitions: number[] }[];
}

export interface GroupPartitionOffsets {
  topic: string;
  partition: number;
  committedOffset: number | null;
  commitMetadata: string | null;
  logStartOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  flag: LagFlag;
  /** now − timestamp of the first unconsumed record (ms); 0 when nothing waits; null when unknown. */
  timeLagMs: number | null;
  /** The member the partition is assigned to, if any. */
  memberId: string | null;
}

export interface GroupDetail {
  summary: GroupSummary;
  /** Members and assignments (DescribeGroups), or why they are unavailable. */
  members: Feature<GroupMember[]>;
  offsets: GroupPartitionOffsets[];
}

/** One group reading one topic, for the topic's consumers panel. */
export interface TopicConsumer {
  groupId: string;
  state: string;
  members: number;
  partitions: number;
  lag: number | null;
  flags: GroupSummary["flags"];
}

/** Where committed offsets come from. */
export type OffsetsSource = { kind: "consumer_offsets"; caughtUp: boolean } | { kind: "offset_fetch"; reason: string };

/**
 * Helpers for this folder's unit tests (not used by production code): a coordinator over real
 * partition logs (in a MemoryFileSystem) driven by a ManualScheduler, and JoinGroup/commit builders.
 */
import { ConsumerProtocolAssignment } from "../../protocol/messages/consumer-protocol-assignment";
import { ConsumerProtocolSubscription } from "../../protocol/messages/consumer-protocol-subscription";
import { encodeMessage } from "../../protocol/schema/message-codec";
import { DEFAULT_LOG_CONFIG, MemoryFileSystem, PartitionLog } from "../log";
import type { GroupCoordinatorConfig } from "./group-config";
import { GroupCoordinator } from "./group-coordinator";
import type { JoinGroupParams } from "./membership";
import { offsetsTopicLog } from "./offsets-topic-log";
import { ManualScheduler } from "./scheduler";

export const TEST_OFFSETS_PARTITIONS = 4;

export const TEST_GROUP_CONFIG: Partial<GroupCoordinatorConfig> = {
  groupMinSessionTimeoutMs: 100,
  groupInitialRebalanceDelayMs: 100,
  offsetsTopicNumPartitions: TEST_OFFSETS_PARTITIONS,
  offsetsRetentionMs: 60_000,
  offsetsRetentionCheckIntervalMs: 10_000,
};

/** The __consumer_offsets partitions of one "broker": real PartitionLogs over an in-memory file system. */
export class TestOffsetsTopic {
  readonly fs = new MemoryFileSystem();
  readonly logs = new Map<number, PartitionLog>();

  constructor(readonly now: () => number) {}

  open(partition: number): PartitionLog {
    let log = this.logs.get(partition);
    if (log === undefined || log.isClosed) {
      log = PartitionLog.open(
        `/data/__consumer_offsets-${partition}`,
        { ...DEFAULT_LOG_CONFIG, cleanupPolicy: "compact" },
        {
          fs: this.fs,
          now: this.now,
        },
      );
      this.logs.set(partition, log);
    }
    return log;
  }

  closeAll(): void {
    for (const log of this.logs.values()) log.close();
  }
}

export interface TestCoordinator {
  coordinator: GroupCoordinator;
  scheduler: ManualScheduler;
  topic: TestOffsetsTopic;
}

/** A started coordinator leading every partition (loaded), over `topic` (fresh if not given). */
export async function startTestCoordinator(
  options: { topic?: TestOffsetsTopic; scheduler?: ManualScheduler; config?: Partial<GroupCoordinatorConfig> } = {},
): Promise<TestCoordinator> {
  const scheduler = options.scheduler ?? new ManualScheduler();
  const topic = options.topic ?? new TestOffsetsTopic(() => scheduler.now());
  const coordinator = new GroupCoordinator({
    log: offsetsTopicLog((p) => ({ log: topic.open(p), leaderEpoch: 0 })),
    config: { ...TEST_GROUP_CONFIG, ...options.config },
    scheduler,
    partitionExists: (t) => !t.startsWith("unknown"),
  });
  coordinator.startup();
  for (let p = 0; p < TEST_OFFSETS_PARTITIONS; p++) await coordinator.onElection(p);
  return { coordinator, scheduler, topic };
}

export function subscription(topics: string[]): Buffer {
  const body = encodeMessage(ConsumerProtocolSubscription, 0, { topics, userData: null });
  return Buffer.concat([Buffer.from([0, 0]), body]);
}

export function assignment(partitions: Array<{ topic: string; partitions: number[] }>): Buffer {
  const body = encodeMessage(ConsumerProtocolAssignment, 0, { assignedPartitions: partitions, userData: null });
  return Buffer.concat([Buffer.from([0, 0]), body]);
}

export function joinParams(overrides: Partial<JoinGroupParams> = {}): JoinGroupParams {
  return {
    groupId: "g",
    memberId: "",
    groupInstanceId: null,
    clientId: "client",
    clientHost: "/127.0.0.1",
    sessionTimeoutMs: 1_000,
    rebalanceTimeoutMs: 5_000,
    protocolType: "consumer",
    protocols: [{ name: "range", metadata: subscription(["t"]) }],
    requireKnownMemberId: false,
    ...overrides,
  };
}

/** Lets promise callbacks run (parked JoinGroup/SyncGroup responses resolve in microtasks). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

import { ApiKey } from "../../protocol/apis";
import { ErrorCode, errorInfo } from "../../protocol/error-codes";
import type { EngineLogger } from "../broker/logger";
import type { Partition } from "../broker/partition";
import type { FollowerFetchTarget } from "../broker/replica-fetcher-api";
import type { ReplicaManager } from "../broker/replica-manager";
import type { ReplicationQuota } from "../broker/replication-quota";
import { BrokerChannel } from "./broker-channel";
import { truncationOffset, type EpochEndOffset } from "./truncation";

/** Fetch versions spoken to a leader: 13+ names topics by id (KIP-516); 15+ carries ReplicaState. */
const FETCH_MIN_VERSION = 13;
const FETCH_MAX_VERSION = 17;
const REPLICA_STATE_MIN_FETCH_VERSION = 15;
/** OffsetForLeaderEpoch v3+ carries the replica id. */
const OFFSET_FOR_LEADER_EPOCH_MIN_VERSION = 3;
const OFFSET_FOR_LEADER_EPOCH_MAX_VERSION = 4;
const LIST_OFFSETS_MIN_VERSION = 1;
const LIST_OFFSETS_MAX_VERSION = 7;
/** Pause when every partition is delayed or throttled, so the loop does not spin. */
export const FETCH_IDLE_BACKOFF_MS = 100;
/** A fetch's request timeout on top of its max wait (Kafka's replica.socket.timeout.ms is 30 s). */
export const FETCH_REQUEST_TIMEOUT_MS = 30_000;
/** Kafka's FetchRequest.FINAL_EPOCH: a sessionless full fetch (KIP-227). */
const SESSIONLESS_EPOCH = -1;

/** What a follower fetches with; read from the broker configs before every request. */
export interface FetcherSettings {
  /** replica.fetch.wait.max.ms */
  maxWaitMs: number;
  /** replica.fetch.min.bytes */
  minBytes: number;
  /** replica.fetch.response.max.bytes */
  maxBytes: number;
  /** replica.fetch.max.bytes */
  partitionMaxBytes: number;
  /** replica.fetch.backoff.ms */
  backoffMs: number;
}

export interface FetcherContext {
  brokerId: number;
  replicas: ReplicaManager;
  logger: EngineLogger;
  /** The source broker's advertised endpoint, undefined when unknown. */
  endpoint(brokerId: number): { host: string; port: number } | undefined;
  settings(): FetcherSettings;
  /** follower.replication.throttled.rate, shared by every fetcher of the broker. */
  followerQuota: ReplicationQuota;
  /** Whether this broker's replica of the partition is throttled as a follower (its topic config names it). */
  isFollowerThrottled(partition: Partition): boolean;
}

/** One followed partition (Kafka's PartitionFetchState). */
interface PartitionFetchState {
  target: FollowerFetchTarget;
  /** True until the log was truncated against this leader epoch (OffsetForLeaderEpoch). */
  truncating: boolean;
  /** Not fetched before this time (after an error). */
  delayedUntilMs: number;
}

/** A partition in one Fetch request, with what the response is checked against. */
interface AskedPartition {
  state: PartitionFetchState;
  partition: Partition;
  /** This replica's log end offset when asked; a response for another offset is dropped. */
  fetchOffset: bigint;
  throttled: boolean;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

class EndpointUnknown extends Error {
  constructor(brokerId: number) {
    super(`broker ${brokerId} has no known endpoint yet`);
  }
}

/**
 * Fetches every partition this broker follows from one leader broker (Kafka's
 * ReplicaFetcherThread, as an async loop): truncate newly added partitions by OffsetForLeaderEpoch,
 * then Fetch with the broker's replica id, append what comes back as follower, repeat. The leader
 * long-polls (replica.fetch.wait.max.ms), so a caught-up follower costs one request per wait.
 *
 * Errors: a lost connection backs off replica.fetch.backoff.ms and reconnects; a partition the
 * leader refuses (FENCED_LEADER_EPOCH, NOT_LEADER_OR_FOLLOWER...) is delayed until metadata moves
 * it (the manager re-adds it with the new leader and epoch); OFFSET_OUT_OF_RANGE resets the
 * partition against the leader's log start and end offsets.
 */
export class ReplicaFetcher {
  private readonly states = new Map<string, PartitionFetchState>();
  private channel: BrokerChannel | undefined;
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private readonly loop: Promise<void>;
  private failures = 0;
  private rotation = 0;

  constructor(
    readonly sourceBrokerId: number,
    private readonly ctx: FetcherContext,
  ) {
    this.loop = this.run();
  }

  get partitionCount(): number {
    return this.states.size;
  }

  addPartitions(targets: FollowerFetchTarget[]): void {
    for (const target of targets)
      this.states.set(key(target.topic, target.partition), { target, truncating: true, delayedUntilMs: 0 });
    this.wake();
  }

  removePartitions(partitions: Array<{ topic: string; partition: number }>): void {
    for (const p of partitions) this.states.delete(key(p.topic, p.partition));
  }

  has(topic: string, partition: number): boolean {
    return this.states.has(key(topic, partition));
  }

  /** Stops the loop: the connection is closed (a parked fetch fails at once) and the loop awaited. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    this.channel?.close();
    this.wake();
    await this.loop;
  }

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  /** Waits `ms` (forever when undefined) or until woken. */
  private pause(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      function done() {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.states.size === 0) {
        await this.pause();
        continue;
      }
      try {
        const channel = await this.connected();
        await this.truncate(channel);
        const fetched = this.stopped ? true : await this.fetch(channel);
        this.failures = 0;
        if (!fetched) await this.pause(FETCH_IDLE_BACKOFF_MS);
      } catch (err) {
        if (this.stopped) break;
        this.failures++;
        const log = this.failures === 1 ? this.ctx.logger.warn : this.ctx.logger.debug;
        log.call(
          this.ctx.logger,
          `broker ${this.ctx.brokerId}: fetching from broker ${this.sourceBrokerId} failed: ${(err as Error).message}`,
        );
        this.channel?.close();
        this.channel = undefined;
        await this.pause(err instanceof EndpointUnknown ? FETCH_IDLE_BACKOFF_MS : this.ctx.settings().backoffMs);
      }
    }
    this.channel?.close();
    this.channel = undefined;
  }

  private async connected(): Promise<BrokerChannel> {
    if (this.channel?.isOpen === true) return this.channel;
    const endpoint = this.ctx.endpoint(this.sourceBrokerId);
    // Port 0: the leader's listener is not bound yet (the cluster is starting); ask again soon.
    if (endpoint === undefined || endpoint.port === 0) throw new EndpointUnknown(this.sourceBrokerId);
    const clientId = `broker-${this.ctx.brokerId}-fetcher-0`;
    this.channel = await BrokerChannel.connect(endpoint.host, endpoint.port, clientId);
    if (this.stopped) this.channel.close();
    return this.channel;
  }

  /** The local partition if it still follows this state's leader epoch; drops stale states. */
  private follower(state: PartitionFetchState): Partition | undefined {
    const { topic, partition, leaderEpoch } = state.target;
    const local = this.ctx.replicas.followerPartition(topic, partition, leaderEpoch);
    if (local === undefined && this.states.get(key(topic, partition)) === state)
      this.states.delete(key(topic, partition));
    return local;
  }

  // ---------------------------------------------------------------- truncation

  /**
   * Kafka's truncateToEpochEndOffsets: ask the leader where each partition's latest local epoch
   * ends, and cut the local log there. A log without epochs is cut at its high watermark.
   */
  private async truncate(channel: BrokerChannel): Promise<void> {
    const now = Date.now();
    const asks: Array<{ state: PartitionFetchState; partition: Partition; epoch: number }> = [];
    for (const state of this.states.values()) {
      if (!state.truncating || state.delayedUntilMs > now) continue;
      const partition = this.follower(state);
      if (partition === undefined) continue;
      const latest = partition.log.latestEpochs().at(-1);
      if (latest === undefined) {
        partition.truncateTo(partition.highWatermark);
        state.truncating = false;
      } else {
        asks.push({ state, partition, epoch: latest.epoch });
      }
    }
    if (asks.length === 0) return;
    const version = channel.pickVersion(
      ApiKey.OffsetForLeaderEpoch,
      OFFSET_FOR_LEADER_EPOCH_MIN_VERSION,
      OFFSET_FOR_LEADER_EPOCH_MAX_VERSION,
    );
    const byTopic = new Map<string, typeof asks>();
    for (const ask of asks) byTopic.set(ask.state.target.topic, [...(byTopic.get(ask.state.target.topic) ?? []), ask]);
    const response = await channel.send(ApiKey.OffsetForLeaderEpoch, version, {
      replicaId: this.ctx.brokerId,
      topics: [...byTopic].map(([topic, list]) => ({
        topic,
        partitions: list.map((a) => ({
          partition: a.state.target.partition,
          currentLeaderEpoch: a.state.target.leaderEpoch,
          leaderEpoch: a.epoch,
        })),
      })),
    });
    for (const t of response.topics) {
      for (const p of t.partitions) {
        const ask = byTopic.get(t.topic)?.find((a) => a.state.target.partition === p.partition);
        if (ask === undefined || this.states.get(key(t.topic, p.partition)) !== ask.state) continue;
        if (p.errorCode !== ErrorCode.NONE) {
          this.delay(ask.state, `OffsetForLeaderEpoch: ${errorInfo(p.errorCode).name}`);
          continue;
        }
        this.applyTruncation(ask.state, ask.partition, { leaderEpoch: p.leaderEpoch, endOffset: p.endOffset });
      }
    }
  }

  private applyTruncation(state: PartitionFetchState, partition: Partition, leader: EpochEndOffset): void {
    if (this.follower(state) !== partition) return;
    const { offset, completed } = truncationOffset(partition.log, leader);
    if (offset < partition.log.logEndOffset) {
      this.ctx.logger.info(
        `broker ${this.ctx.brokerId}: truncating ${partition.topic}-${partition.partition} from ${partition.log.logEndOffset} to ${offset} (leader ${this.sourceBrokerId} epoch ${leader.leaderEpoch} ends at ${leader.endOffset})`,
      );
      partition.truncateTo(offset);
    }
    state.truncating = !completed;
  }

  // ---------------------------------------------------------------- fetch

  /** One Fetch round trip; false when there was nothing to ask for. */
  private async fetch(channel: BrokerChannel): Promise<boolean> {
    const asked = this.partitionsToFetch();
    if (asked.size === 0) return false;
    const settings = this.ctx.settings();
    const version = channel.pickVersion(ApiKey.Fetch, FETCH_MIN_VERSION, FETCH_MAX_VERSION);
    const byTopicId = new Map<string, AskedPartition[]>();
    for (const entry of asked.values())
      byTopicId.set(entry.state.target.topicId, [...(byTopicId.get(entry.state.target.topicId) ?? []), entry]);
    const replica =
      version >= REPLICA_STATE_MIN_FETCH_VERSION
        ? { replicaState: { replicaId: this.ctx.brokerId, replicaEpoch: -1n } }
        : { replicaId: this.ctx.brokerId };
    const response = await channel.send(
      ApiKey.Fetch,
      version,
      {
        ...replica,
        maxWaitMs: settings.maxWaitMs,
        minBytes: settings.minBytes,
        maxBytes: settings.maxBytes,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: SESSIONLESS_EPOCH,
        topics: [...byTopicId].map(([topicId, list]) => ({
          topicId,
          partitions: list.map((e) => ({
            partition: e.state.target.partition,
            currentLeaderEpoch: e.state.target.leaderEpoch,
            fetchOffset: e.fetchOffset,
            logStartOffset: e.partition.log.logStartOffset,
            partitionMaxBytes: settings.partitionMaxBytes,
          })),
        })),
        forgottenTopicsData: [],
        rackId: "",
      },
      settings.maxWaitMs + FETCH_REQUEST_TIMEOUT_MS,
    );
    if (response.errorCode !== ErrorCode.NONE) throw new Error(`Fetch failed: ${errorInfo(response.errorCode).name}`);
    for (const topic of response.responses) {
      for (const p of topic.partitions) {
        const entry = byTopicId.get(topic.topicId)?.find((e) => e.state.target.partition === p.partitionIndex);
        if (entry === undefined) continue;
        const k = key(entry.state.target.topic, p.partitionIndex);
        if (this.states.get(k) !== entry.state || this.follower(entry.state) !== entry.partition) continue;
        await this.processPartition(channel, entry, p);
      }
    }
    return true;
  }

  /**
   * Partitions ready to fetch: truncated, not backing off, and not held back by the follower
   * throttle (only out-of-sync replicas of throttled partitions are, while the rate is exceeded).
   */
  private partitionsToFetch(): Map<string, AskedPartition> {
    const now = Date.now();
    const asked = new Map<string, AskedPartition>();
    // The order rotates every request: a response's byte limit cuts the last partitions first,
    // so none is starved by those ahead of it (Kafka's fetch sessions rotate the same way).
    const entries = [...this.states];
    const first = this.rotation++ % Math.max(1, entries.length);
    for (const [k, state] of [...entries.slice(first), ...entries.slice(0, first)]) {
      if (state.truncating || state.delayedUntilMs > now) continue;
      const partition = this.follower(state);
      if (partition === undefined) continue;
      const throttled = !partition.state.isr.includes(this.ctx.brokerId) && this.ctx.isFollowerThrottled(partition);
      if (throttled && this.ctx.followerQuota.isQuotaExceeded()) continue;
      asked.set(k, { state, partition, fetchOffset: partition.log.logEndOffset, throttled });
    }
    return asked;
  }

  private async processPartition(
    channel: BrokerChannel,
    { state, partition, fetchOffset, throttled }: AskedPartition,
    data: { errorCode: number; highWatermark: bigint; logStartOffset: bigint; records: Buffer | null },
  ): Promise<void> {
    if (data.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) return this.handleOutOfRange(channel, state, partition);
    if (data.errorCode !== ErrorCode.NONE) return this.delay(state, `Fetch: ${errorInfo(data.errorCode).name}`);
    if (partition.log.logEndOffset !== fetchOffset) return; // truncated meanwhile: the next round refetches
    try {
      this.ctx.replicas.appendAsFollower(partition, data.records, data.highWatermark, data.logStartOffset);
      if (throttled) this.ctx.followerQuota.record(data.records?.length ?? 0);
    } catch (err) {
      this.ctx.logger.error(
        `broker ${this.ctx.brokerId}: appending ${partition.topic}-${partition.partition} from leader ${this.sourceBrokerId} failed: ${(err as Error).message}`,
      );
      state.truncating = true;
      this.delay(state, (err as Error).message);
    }
  }

  /**
   * Kafka's handleOutOfRangeError: the leader's log end is below ours (an unclean election kept
   * fewer records): truncate to it; otherwise our end is below the leader's log start (its records
   * were deleted): start empty at the leader's log start.
   */
  private async handleOutOfRange(channel: BrokerChannel, state: PartitionFetchState, partition: Partition) {
    const leaderEnd = await this.listOffset(channel, state, -1n);
    const leaderStart = await this.listOffset(channel, state, -2n);
    if (leaderEnd === undefined || leaderStart === undefined) return;
    if (this.states.get(key(state.target.topic, state.target.partition)) !== state) return;
    if (this.follower(state) !== partition) return;
    const end = partition.log.logEndOffset;
    if (leaderEnd < end) {
      this.ctx.logger.warn(
        `broker ${this.ctx.brokerId}: ${partition.topic}-${partition.partition} ends at ${end}, beyond leader ${this.sourceBrokerId}'s end ${leaderEnd}: truncating`,
      );
      partition.truncateTo(leaderEnd);
    } else if (leaderStart > end) {
      this.ctx.logger.info(
        `broker ${this.ctx.brokerId}: ${partition.topic}-${partition.partition} restarts at leader ${this.sourceBrokerId}'s log start ${leaderStart}`,
      );
      partition.truncateFullyAndStartAt(leaderStart);
    }
  }

  /** ListOffsets as a replica (latest = the leader's log end offset); undefined after an error (delayed). */
  private async listOffset(channel: BrokerChannel, state: PartitionFetchState, timestamp: bigint) {
    const version = channel.pickVersion(ApiKey.ListOffsets, LIST_OFFSETS_MIN_VERSION, LIST_OFFSETS_MAX_VERSION);
    const response = await channel.send(ApiKey.ListOffsets, version, {
      replicaId: this.ctx.brokerId,
      isolationLevel: 0,
      topics: [
        {
          name: state.target.topic,
          partitions: [
            { partitionIndex: state.target.partition, currentLeaderEpoch: state.target.leaderEpoch, timestamp },
          ],
        },
      ],
    });
    const p = response.topics[0]?.partitions[0];
    if (p === undefined || p.errorCode !== ErrorCode.NONE) {
      this.delay(state, `ListOffsets: ${p === undefined ? "no answer" : errorInfo(p.errorCode).name}`);
      return undefined;
    }
    return p.offset;
  }

  /** Leaves a partition alone for replica.fetch.backoff.ms (metadata usually moves it first). */
  private delay(state: PartitionFetchState, reason: string): void {
    const { topic, partition } = state.target;
    this.ctx.logger.debug(
      `broker ${this.ctx.brokerId}: ${topic}-${partition} from broker ${this.sourceBrokerId}: ${reason}; backing off`,
    );
    state.delayedUntilMs = Date.now() + this.ctx.settings().backoffMs;
  }
}

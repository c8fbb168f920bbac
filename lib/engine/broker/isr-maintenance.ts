import { ErrorCode } from "../../protocol/error-codes";
import { toApiError } from "../controller/api-error";
import type { Controller } from "../controller/controller";
import type { EngineLogger } from "./logger";
import type { Partition } from "./partition";

/** Shortest pause between two ISR shrink checks, whatever replica.lag.time.max.ms is. */
export const MIN_ISR_SHRINK_CHECK_MS = 50;

/**
 * A leader's side of ISR management (Kafka's Partition.maybeExpandIsr / maybeShrinkIsr plus the
 * AlterPartitionManager), through controller.alterPartition:
 * - expand: a follower out of the ISR whose fetch offset reached the high watermark and the
 *   current epoch's start offset joins (checked after each of its fetches);
 * - shrink: an ISR follower that has not caught up with the leader's log end offset for
 *   replica.lag.time.max.ms leaves (checked every replica.lag.time.max.ms / 2).
 *
 * Requests are sent on the next event-loop turn, never from inside a fetch or a metadata callback
 * (the controller announces the change synchronously to every broker). A request with a stale
 * partition epoch (INVALID_UPDATE_VERSION) or from a deposed leader (FENCED_LEADER_EPOCH) is
 * dropped: the newer metadata has arrived by then, and the next fetch or shrink check re-evaluates
 * against it.
 */
export class IsrMaintenance {
  private readonly pendingExpand = new Set<Partition>();
  private expandScheduled: NodeJS.Immediate | undefined;
  private shrinkTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly brokerId: number,
    private readonly controller: Controller,
    private readonly logger: EngineLogger,
    private readonly ledPartitions: () => Iterable<Partition>,
    private readonly replicaLagTimeMaxMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.stopped = false;
    this.scheduleShrinkCheck();
  }

  stop(): void {
    this.stopped = true;
    if (this.shrinkTimer !== undefined) clearTimeout(this.shrinkTimer);
    if (this.expandScheduled !== undefined) clearImmediate(this.expandScheduled);
    this.shrinkTimer = undefined;
    this.expandScheduled = undefined;
    this.pendingExpand.clear();
  }

  /** After a follower's fetch: if some followers can join the ISR, ask on the next turn. */
  maybeExpandIsr(partition: Partition): void {
    if (this.stopped || partition.replicasToAddToIsr().length === 0) return;
    this.pendingExpand.add(partition);
    this.expandScheduled ??= setImmediate(() => {
      this.expandScheduled = undefined;
      const partitions = [...this.pendingExpand];
      this.pendingExpand.clear();
      for (const p of partitions) this.expand(p);
    });
  }

  /** Runs one shrink pass over every led partition now (the timer calls it; tests may too). */
  shrinkIsrs(): void {
    const lagMs = this.replicaLagTimeMaxMs();
    const nowMs = this.now();
    for (const partition of [...this.ledPartitions()]) {
      const out = partition.replicasToRemoveFromIsr(nowMs, lagMs);
      if (out.length === 0) continue;
      const newIsr = partition.state.isr.filter((id) => !out.includes(id));
      this.logger.info(
        `broker ${this.brokerId}: shrinking ISR of ${partition.topic}-${partition.partition} from [${partition.state.isr}] to [${newIsr}]: replicas [${out}] not caught up within replica.lag.time.max.ms=${lagMs}`,
      );
      this.alter(partition, newIsr);
    }
  }

  private expand(partition: Partition): void {
    if (this.stopped || !partition.isLeader()) return;
    const joining = partition.replicasToAddToIsr().filter((id) => this.controller.isBrokerLive(id));
    if (joining.length === 0) return;
    const newIsr = [...partition.state.isr, ...joining];
    this.logger.info(
      `broker ${this.brokerId}: expanding ISR of ${partition.topic}-${partition.partition} from [${partition.state.isr}] to [${newIsr}]`,
    );
    this.alter(partition, newIsr);
  }

  private alter(partition: Partition, newIsr: number[]): void {
    const { leaderEpoch, partitionEpoch } = partition.state;
    try {
      this.controller.alterPartition(this.brokerId, partition.topicId, partition.partition, {
        leaderEpoch,
        partitionEpoch,
        newIsr,
      });
    } catch (err) {
      const e = toApiError(err);
      const expected =
        e.errorCode === ErrorCode.INVALID_UPDATE_VERSION ||
        e.errorCode === ErrorCode.FENCED_LEADER_EPOCH ||
        e.errorCode === ErrorCode.INELIGIBLE_REPLICA ||
        e.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION ||
        e.errorCode === ErrorCode.UNKNOWN_TOPIC_ID;
      const log = expected ? this.logger.debug : this.logger.warn;
      log.call(
        this.logger,
        `broker ${this.brokerId}: AlterPartition of ${partition.topic}-${partition.partition} refused: ${e.message}`,
      );
    }
  }

  private scheduleShrinkCheck(): void {
    if (this.stopped) return;
    const interval = Math.max(MIN_ISR_SHRINK_CHECK_MS, Math.floor(this.replicaLagTimeMaxMs() / 2));
    this.shrinkTimer = setTimeout(() => {
      try {
        this.shrinkIsrs();
      } catch (err) {
        this.logger.error(`broker ${this.brokerId}: ISR shrink check failed: ${(err as Error).stack ?? String(err)}`);
      }
      this.scheduleShrinkCheck();
    }, interval);
    this.shrinkTimer.unref();
  }
}

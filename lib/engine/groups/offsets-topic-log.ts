import { ErrorCode } from "../../protocol/error-codes";
import { LogError, type PartitionLog, type ReadResult } from "../log";

/**
 * The coordinator's access to the __consumer_offsets partitions this broker leads. Appends and
 * reads are synchronous (the partition log is), so a record is in the log, and survives a crash of
 * the process, by the time append returns. Errors are thrown with a Kafka `errorCode`.
 */
export interface OffsetsTopicLog {
  append(partition: number, batch: Buffer): void;
  read(partition: number, startOffset: bigint, maxBytes: number): ReadResult;
  logStartOffset(partition: number): bigint;
}

export interface LedPartition {
  log: PartitionLog;
  leaderEpoch: number;
}

/**
 * An OffsetsTopicLog over the broker's partition logs. `resolve` returns the partition if this
 * broker leads it; `onAppend` lets the broker wake fetches waiting on the partition (a console
 * reading __consumer_offsets sees commits at once).
 */
export function offsetsTopicLog(
  resolve: (partition: number) => LedPartition | undefined,
  onAppend: (partition: number) => void = () => {},
): OffsetsTopicLog {
  const led = (partition: number): LedPartition => {
    const found = resolve(partition);
    if (found === undefined) {
      throw new LogError(ErrorCode.NOT_LEADER_OR_FOLLOWER, `this broker does not lead __consumer_offsets-${partition}`);
    }
    return found;
  };
  return {
    append(partition, batch) {
      const { log, leaderEpoch } = led(partition);
      log.appendAsLeader(batch, leaderEpoch);
      onAppend(partition);
    },
    read: (partition, startOffset, maxBytes) => led(partition).log.read(startOffset, maxBytes),
    logStartOffset: (partition) => led(partition).log.logStartOffset,
  };
}

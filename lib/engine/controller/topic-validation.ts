import { ErrorCode } from "../../protocol/error-codes";
import { ApiError } from "./api-error";
import { validateConfigs } from "./config-changes";

/**
 * Validation of new topics and partitions (CreateTopics, CreatePartitions) with Kafka's errors and
 * messages.
 */

/**
 * Checks one partition's manual replica assignment (CreateTopics, CreatePartitions) as Kafka's
 * validateManualPartitionAssignment does; every refusal is INVALID_REPLICA_ASSIGNMENT.
 */
export function checkManualReplicas(
  replicas: readonly number[],
  rf: number,
  broker: { isRegistered(id: number): boolean; isLive(id: number): boolean },
): void {
  const refuse = (message: string) => {
    throw new ApiError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, message);
  };
  if (replicas.length === 0) refuse("The manual partition assignment includes an empty replica list.");
  if (replicas.length !== rf) refuse("All partitions should have the same number of replicas.");
  if (new Set(replicas).size !== replicas.length) {
    refuse(`Duplicate brokers not allowed in replica assignment: ${replicas.join(", ")}.`);
  }
  const unknown = replicas.find((id) => !broker.isRegistered(id));
  if (unknown !== undefined)
    refuse(`The manual partition assignment includes broker ${unknown}, which does not exist.`);
  if (!replicas.some((id) => broker.isLive(id))) {
    refuse(
      `All brokers specified in the manual partition assignment [${replicas.join(", ")}] are fenced or in controlled shutdown.`,
    );
  }
}

/** A new topic's configs as overrides; INVALID_CONFIG for a null value or an invalid config. */
export function newTopicConfigs(configs: ReadonlyArray<{ name: string; value: string | null }>): Map<string, string> {
  const out = new Map<string, string>();
  for (const { name, value } of configs) {
    if (value === null) {
      throw new ApiError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${name}`);
    }
    out.set(name, value);
  }
  validateConfigs("topic", out);
  return out;
}

/** Kafka places replicas on unfenced brokers only, so the live count bounds the replication factor. */
export function checkReplicationFactor(rf: number, liveBrokers: number): void {
  if (rf > liveBrokers) {
    throw new ApiError(
      ErrorCode.INVALID_REPLICATION_FACTOR,
      `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only ${liveBrokers} broker(s) are registered.`,
    );
  }
}

/**
 * CreateTopics' manual assignment: partitions 0..n-1 with no gaps, each checked by
 * checkManualReplicas against the first partition's replication factor. Refused with
 * INVALID_REQUEST when numPartitions or replicationFactor is set too.
 */
export function manualAssignment(
  spec: {
    numPartitions: number;
    replicationFactor: number;
    assignments: ReadonlyArray<{ partitionIndex: number; brokerIds: number[] }>;
  },
  broker: { isRegistered(id: number): boolean; isLive(id: number): boolean },
): number[][] {
  if (spec.numPartitions !== -1 || spec.replicationFactor !== -1) {
    throw new ApiError(
      ErrorCode.INVALID_REQUEST,
      "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.",
    );
  }
  const sorted = [...spec.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
  sorted.forEach((a, i) => {
    if (a.partitionIndex !== i) {
      throw new ApiError(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        "Partitions should be a consecutive 0-based integer sequence.",
      );
    }
  });
  const rf = sorted[0]!.brokerIds.length;
  for (const a of sorted) checkManualReplicas(a.brokerIds, rf, broker);
  return sorted.map((a) => a.brokerIds);
}

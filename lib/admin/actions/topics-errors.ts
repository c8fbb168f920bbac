import { errorInfo } from "../../protocol";
import { AdminError } from "../errors";

/**
 * Why a topic action failed, in words a person can act on: the broker's error name and message,
 * and what to do about it. Two kinds:
 *  - KafkaApiError: the cluster refused the request (an AdminError "kafka_error" that also carries
 *    Kafka's error name, so the REST API can answer 400/404/409 for the caller's mistakes and 502
 *    for the cluster's own trouble);
 *  - TopicActionRefusal: the console refused before asking the cluster (an internal topic, a
 *    confirmation that does not match, an offset past the end).
 * Both are recognised by a `Symbol.for` brand, never `instanceof` (see isAdminError).
 */
const REFUSAL_BRAND = Symbol.for("pier.admin.TopicActionRefusal");

/** What to do, by Kafka error name. */
const WHAT_TO_DO: Record<string, string> = {
  TOPIC_ALREADY_EXISTS: "Pick another name, or open the existing topic.",
  INVALID_TOPIC_EXCEPTION:
    "Use 1 to 249 letters, digits, '.', '_' or '-' (not '.' or '..'); Kafka also refuses a name that differs from an existing topic only by '.' versus '_'.",
  INVALID_PARTITIONS: "A topic's partition count can only grow: choose a number above the current count.",
  INVALID_REPLICATION_FACTOR: "Choose a replication factor from 1 to the number of brokers in the cluster.",
  INVALID_REPLICA_ASSIGNMENT: "Every partition needs the same number of distinct, existing brokers.",
  INVALID_CONFIG:
    "Check the config's name and the type and range of its value (Kafka's topic configuration reference).",
  INVALID_REQUEST: "The request was malformed for this cluster; check the values and try again.",
  POLICY_VIOLATION:
    "The cluster's policy refused the change (DeleteRecords is refused on topics with cleanup.policy=compact).",
  UNKNOWN_TOPIC_OR_PARTITION: "The topic or partition does not exist (any more); reload the page.",
  TOPIC_DELETION_DISABLED: "The brokers run with delete.topic.enable=false: an operator must turn it on first.",
  OFFSET_OUT_OF_RANGE: "Choose an offset between the partition's log start offset and its high watermark.",
  TOPIC_AUTHORIZATION_FAILED: "The console's user lacks the ACL for this topic: grant it, or connect as another user.",
  CLUSTER_AUTHORIZATION_FAILED:
    "The console's user lacks the cluster ACL for this: grant it, or connect as another user.",
  NOT_CONTROLLER: "The controller moved while the request was in flight; try again.",
  NOT_LEADER_OR_FOLLOWER: "Partition leadership is moving; try again in a few seconds.",
  LEADER_NOT_AVAILABLE: "The partition has no leader right now; check the brokers, then try again.",
  REQUEST_TIMED_OUT: "The cluster did not finish in time; check the topic's state before trying again.",
  THROTTLING_QUOTA_EXCEEDED: "The cluster throttles topic changes; wait a moment and try again.",
  UNSUPPORTED_VERSION: "The cluster does not support this request at a version the console speaks.",
};

export class KafkaApiError extends AdminError {
  constructor(
    readonly api: string,
    readonly errorCode: number,
    readonly errorName: string,
    readonly brokerMessage: string | null,
    readonly subject?: string,
  ) {
    const info = errorInfo(errorCode);
    const about = subject ? ` for ${subject}` : "";
    const detail = brokerMessage && brokerMessage !== info.message ? `${brokerMessage}` : info.message;
    const hint = WHAT_TO_DO[errorName];
    super("kafka_error", `${api} refused${about}: ${errorName} — ${detail}${hint ? ` ${hint}` : ""}`);
    this.name = "KafkaApiError";
  }
}

/** The Kafka error of a non-zero code in an answer (`errorMessage` when the API carries one). */
export function kafkaApiError(api: string, errorCode: number, brokerMessage?: string | null, subject?: string) {
  return new KafkaApiError(api, errorCode, errorInfo(errorCode).name, brokerMessage ?? null, subject);
}

/** Kafka's error name of an error thrown by a topic action, when the cluster refused it. */
export function kafkaErrorNameOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { name?: unknown; errorName?: unknown };
  return e.name === "KafkaApiError" && typeof e.errorName === "string" ? e.errorName : undefined;
}

export type RefusalReason = "protected" | "invalid" | "conflict" | "not_found";

export class TopicActionRefusal extends Error {
  readonly [REFUSAL_BRAND] = true;

  constructor(
    readonly reason: RefusalReason,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "TopicActionRefusal";
  }
}

export function isTopicActionRefusal(error: unknown): error is TopicActionRefusal {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[REFUSAL_BRAND] === true;
}

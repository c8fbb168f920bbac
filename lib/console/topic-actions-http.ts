import { isTopicActionRefusal, kafkaErrorNameOf } from "../admin";
import { jsonError } from "./http";

/**
 * HTTP answers of failed topic actions. A cluster's refusal caused by the request (a bad config
 * value, too few partitions, a replication factor above the broker count) is the caller's mistake:
 * a 4xx whose code is Kafka's error name in lower case ("invalid_config") and whose message is the
 * broker's, with what to do. The cluster's own trouble stays a 502 (lib/console/http.ts).
 */
const KAFKA_ERROR_STATUS: Record<string, number> = {
  INVALID_CONFIG: 400,
  INVALID_PARTITIONS: 400,
  INVALID_REPLICATION_FACTOR: 400,
  INVALID_REPLICA_ASSIGNMENT: 400,
  INVALID_TOPIC_EXCEPTION: 400,
  INVALID_REQUEST: 400,
  OFFSET_OUT_OF_RANGE: 400,
  TOPIC_ALREADY_EXISTS: 409,
  POLICY_VIOLATION: 409,
  TOPIC_DELETION_DISABLED: 409,
  UNKNOWN_TOPIC_OR_PARTITION: 404,
  UNKNOWN_TOPIC_ID: 404,
  TOPIC_AUTHORIZATION_FAILED: 403,
  CLUSTER_AUTHORIZATION_FAILED: 403,
};

const REFUSAL_STATUS = { protected: 403, invalid: 400, conflict: 409, not_found: 404 } as const;

/** The response for a topic action's error, or undefined to let `handle` answer it. */
export function topicActionErrorResponse(error: unknown): Response | undefined {
  if (isTopicActionRefusal(error)) return jsonError(REFUSAL_STATUS[error.reason], error.code, error.message);
  const name = kafkaErrorNameOf(error);
  const status = name ? KAFKA_ERROR_STATUS[name] : undefined;
  if (name && status) return jsonError(status, name.toLowerCase(), (error as Error).message);
  return undefined;
}

export async function withTopicActionErrors(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    const response = topicActionErrorResponse(error);
    if (response) return response;
    throw error;
  }
}

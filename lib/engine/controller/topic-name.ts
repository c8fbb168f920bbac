import { ErrorCode } from "../../protocol/error-codes";
import { ApiError } from "./api-error";

/** Kafka's Topic.MAX_NAME_LENGTH: 249 characters, so `<topic>-<partition>` fits a 255-byte file name. */
export const MAX_TOPIC_NAME_LENGTH = 249;

const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

/** Throws ApiError(INVALID_TOPIC_EXCEPTION) unless `name` is a legal topic name (Kafka's Topic.validate). */
export function validateTopicName(name: string): void {
  const fail = (why: string) => {
    throw new ApiError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic name "${name}" is illegal: ${why}`);
  };
  if (name.length === 0) fail("it is empty");
  if (name === "." || name === "..") fail("'.' and '..' are not allowed");
  if (name.length > MAX_TOPIC_NAME_LENGTH) fail(`it is longer than ${MAX_TOPIC_NAME_LENGTH} characters`);
  if (!LEGAL_TOPIC_NAME.test(name)) fail("it contains characters other than ASCII alphanumerics, '.', '_' and '-'");
}

/** Internal topics (Kafka's Topic.INTERNAL_TOPICS). */
export const INTERNAL_TOPICS = new Set(["__consumer_offsets", "__transaction_state"]);

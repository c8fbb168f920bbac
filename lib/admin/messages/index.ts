/** Messages of a topic: browse, search, tail, produce (see messages-api.ts). */
export { MessagesApi } from "./messages-api";
export {
  MESSAGES_PAGE_SIZE_DEFAULT,
  MESSAGES_PAGE_SIZE_MAX,
  type BrowseQuery,
  type MessagePage,
  type PartitionRange,
} from "./browse";
export {
  SEARCH_BUDGET_DEFAULT,
  SEARCH_BUDGET_MAX,
  SEARCH_MATCHES_DEFAULT,
  SEARCH_MATCHES_MAX,
  type SearchEvent,
  type SearchQuery,
  type SearchEndReason,
  type SearchProgress,
} from "./search";
export type { TailEvent, TailQuery } from "./tail";
export { PRODUCE_RECORDS_MAX, type ProduceRecord, type ProducedBatch } from "./produce";
export {
  COMPRESSION_NAMES,
  VALUE_FULL_BYTES_MAX,
  VALUE_PREVIEW_BYTES_DEFAULT,
  type BytesFormat,
  type CompressionName,
  type EncodedBytes,
  type MessageRecord,
} from "./record-view";
export { MessageQueryError, type MessageQueryErrorCode } from "./message-errors";
export { FilterSyntaxError, MAX_FILTER_LENGTH } from "./filter/tokenizer";

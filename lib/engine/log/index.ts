/**
 * lib/engine/log: the durable partition log. The broker uses it only through this surface.
 * See partition-log.ts for the durability rule and segment-files.ts for the on-disk layout.
 */
export {
  DEFAULT_LOG_CONFIG,
  FLUSH_NEVER,
  isCompacted,
  isDeleteEnabled,
  type LogConfig,
  withOverrides,
} from "./log-config";
export { LogError } from "./log-error";
export {
  type AppendInfo,
  type AppendOptions,
  type LogLogger,
  PartitionLog,
  type PartitionLogOptions,
  type ReadOptions,
  type ReadResult,
  type SegmentInfo,
} from "./partition-log";
export { kafkaConfigEntries, KAFKA_LOG_CONFIGS, logConfigOverrides } from "./kafka-config";
export { LogManager, type LogManagerOptions } from "./log-manager";
export type { RecoveryReport } from "./log-loader";
export { type LogFileSystem, NodeFileSystem } from "./file-system";
export { FileHandleCache, MAX_OPEN_LOG_FILES_DEFAULT, sharedFileHandleCache } from "./file-handle-cache";
export { MemoryFileSystem, type Fault, type FaultOp, InjectedFault } from "./memory-file-system";
export { CleanTask, type CleanResult } from "./log-cleaner";
export { CheckpointError } from "./checkpoint-file";
export {
  readReplicationOffsets,
  REPLICATION_OFFSET_CHECKPOINT_FILE,
  writeReplicationOffsets,
} from "./replication-offset-checkpoint";

export * from "./batch-header";
export * from "./batch-validation";
export * from "./control-batch";
export * from "./control-record";
export * from "./crc32c";
export * from "./record-batch";

import { compress, decompress, init } from "@bokuweb/zstd-wasm";

/**
 * Start-up of `@bokuweb/zstd-wasm` (the reference zstd C library compiled to WebAssembly, shipped
 * inside the npm package, pinned at 0.0.27).
 *
 * The package instantiates its WebAssembly module asynchronously (it reads its own .wasm file:
 * the library's loading, like a native addon's, not protocol I/O). This module awaits that once,
 * at import, with a top-level await, so every importer of the codecs (and of the record-batch API
 * above them) starts only when zstd is ready, and every call after that is synchronous. The cost:
 * these modules are ES modules that cannot be `require()`d from CommonJS.
 */
export interface ZstdWasm {
  compress(data: Uint8Array, level: number): Uint8Array;
  decompress(data: Uint8Array, options: { defaultHeapSize: number }): Uint8Array;
}

await init();

export const zstdWasm: ZstdWasm = { compress, decompress };

import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The broker engine and its native helpers run in the server process only; keep them out of
  // the bundler so their binaries and worker files load from node_modules as published.
  serverExternalPackages: [
    "kafkajs",
    "@node-rs/crc32",
    "snappy",
    "lz4-napi",
    "@bokuweb/zstd-wasm",
    "@libsql/client",
    "@prisma/adapter-libsql",
  ],
  poweredByHeader: false,
};

export default nextConfig;

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
  // PIER_NEXT_DIST_DIR builds somewhere other than .next, so several checkouts or parallel e2e runs
  // can build side by side (must start with ".next" to stay ignored by git, ESLint and Prettier).
  distDir: process.env.PIER_NEXT_DIST_DIR ?? ".next",
  // Such side builds skip Next's own type check of the whole tree (a half-edited file elsewhere
  // would fail them); `npm test` typechecks everything as its first gate and builds into .next.
  typescript: { ignoreBuildErrors: process.env.PIER_NEXT_DIST_DIR !== undefined },
};

export default nextConfig;

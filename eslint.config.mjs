import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Lint rules, including the layering of ARCHITECTURE.md ("Invariants"), enforced with
 * no-restricted-imports so that a violation fails `npm test`:
 *   - lib/protocol does no I/O and depends on nothing in lib/ but lib/util;
 *   - engine domain code (log, broker, controller, groups) never imports the server;
 *   - app/ and components/ reach Kafka only through lib/admin: no kafkajs, engine or protocol.
 */
const NODE_IO = [
  "net",
  "node:net",
  "fs",
  "node:fs",
  "fs/promises",
  "node:fs/promises",
  "http",
  "node:http",
  "https",
  "node:https",
  "child_process",
  "node:child_process",
  "dgram",
  "node:dgram",
  "tls",
  "node:tls",
];

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "lib/db/generated/**",
      "test-results/**",
      "playwright-report/**",
      ".pier/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always"],
      "no-console": "off",
    },
  },
  {
    files: ["lib/protocol/**/*.ts"],
    ignores: ["lib/protocol/**/*.test.ts", "lib/protocol/**/*.bench.ts", "lib/protocol/fixtures/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: NODE_IO.map((name) => ({ name, message: "lib/protocol does no I/O (ARCHITECTURE.md)." })),
          patterns: [
            {
              regex:
                "^(@/(?!lib/(protocol|util)(/|$))|(\\.\\./)+(engine|admin|console|db|config|scripts)(/|$)|(\\.\\./){2,}(app|components)(/|$))",
              message: "lib/protocol may import only lib/protocol and lib/util (ARCHITECTURE.md).",
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      "lib/engine/log/**/*.ts",
      "lib/engine/broker/**/*.ts",
      "lib/engine/controller/**/*.ts",
      "lib/engine/groups/**/*.ts",
      "lib/engine/replication/**/*.ts",
    ],
    ignores: ["**/*.test.ts", "**/*.bench.ts", "lib/engine/replication/test-support.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "(^|/)server(/|$)", message: "Engine domain code never imports the server (ARCHITECTURE.md)." },
            { regex: "^kafkajs$", message: "The engine does not use a Kafka client library." },
          ],
        },
      ],
    },
  },
  {
    // The broker's domain code stays free of network code: the replica fetchers (lib/engine/replication)
    // are injected through BrokerOptions.replicaFetchers.
    files: ["lib/engine/broker/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.bench.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["net", "node:net", "tls", "node:tls"].map((name) => ({
            name,
            message: "broker/ does no network I/O; replication/ does (ARCHITECTURE.md).",
          })),
          patterns: [
            { regex: "(^|/)server(/|$)", message: "Engine domain code never imports the server (ARCHITECTURE.md)." },
            { regex: "(^|/)replication(/|$)", message: "broker/ gets the replica fetchers injected (BrokerOptions)." },
            { regex: "^kafkajs$", message: "The engine does not use a Kafka client library." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "kafkajs", message: "app/ and components/ reach Kafka only through lib/admin." }],
          patterns: [
            {
              regex: "(^@/lib/(engine|protocol)(/|$))|((\\.\\./)+lib/(engine|protocol)(/|$))",
              message: "app/ and components/ reach Kafka only through lib/admin (ARCHITECTURE.md).",
            },
          ],
        },
      ],
    },
  },
);

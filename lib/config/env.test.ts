import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, embeddedBootstrapServers, loadConfig } from "./env";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, "/srv/pier");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({}, "/srv/pier");
    expect(config).toEqual({
      port: 3000,
      host: "127.0.0.1",
      dataDir: path.resolve("/srv/pier", ".pier"),
      brokers: 3,
      kafkaPort: 9092,
      embedded: true,
      clusters: [],
      readOnly: false,
      autoCreateTopics: false,
      groupInitialRebalanceDelayMs: 3000,
      sampleIntervalMs: 30_000,
    });
    expect(embeddedBootstrapServers(config)).toEqual(["127.0.0.1:9092", "127.0.0.1:9093", "127.0.0.1:9094"]);
  });

  it("reads every variable", () => {
    const config = loadConfig(
      {
        PORT: "8080",
        PIER_HOST: "0.0.0.0",
        PIER_DATA_DIR: "/var/lib/pier",
        PIER_BROKERS: "1",
        PIER_KAFKA_PORT: "19092",
        PIER_EMBEDDED: "0",
        PIER_CLUSTERS: "prod=k1.example:9092,k2.example:9093; staging=10.0.0.5:9092",
        PIER_READ_ONLY: "true",
        PIER_AUTO_CREATE_TOPICS: "1",
        PIER_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
      },
      "/srv/pier",
    );
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe("/var/lib/pier");
    expect(config.brokers).toBe(1);
    expect(config.kafkaPort).toBe(19092);
    expect(config.embedded).toBe(false);
    expect(config.readOnly).toBe(true);
    expect(config.autoCreateTopics).toBe(true);
    expect(config.groupInitialRebalanceDelayMs).toBe(0);
    expect(config.clusters).toEqual([
      { name: "prod", bootstrapServers: ["k1.example:9092", "k2.example:9093"] },
      { name: "staging", bootstrapServers: ["10.0.0.5:9092"] },
    ]);
    expect(embeddedBootstrapServers(config)).toEqual(["127.0.0.1:19092"]);
  });

  it("refuses a bad broker count with a message naming the variable and what it accepts", () => {
    expect(() => loadConfig({ PIER_BROKERS: "abc" })).toThrow(
      'PIER_BROKERS="abc": expected a whole number from 1 to 9',
    );
    expect(problemsOf({ PIER_BROKERS: "10" })).toEqual(['PIER_BROKERS="10": expected a whole number from 1 to 9']);
    expect(problemsOf({ PIER_BROKERS: "0" })).toHaveLength(1);
    expect(problemsOf({ PIER_BROKERS: "2.5" })).toHaveLength(1);
  });

  it("validates the lag-history sampling interval", () => {
    expect(loadConfig({ PIER_SAMPLE_INTERVAL_MS: "2000" }).sampleIntervalMs).toBe(2000);
    expect(problemsOf({ PIER_SAMPLE_INTERVAL_MS: "500" })).toEqual([
      'PIER_SAMPLE_INTERVAL_MS="500": expected a whole number from 1000 to 3600000',
    ]);
    expect(problemsOf({ PIER_SAMPLE_INTERVAL_MS: "fast" })).toHaveLength(1);
  });

  it("lists every problem at once", () => {
    const problems = problemsOf({ PORT: "-1", PIER_EMBEDDED: "yes", PIER_READ_ONLY: "2", PIER_HOST: "bad host" });
    expect(problems).toEqual([
      'PIER_HOST="bad host": expected an IP address or host name',
      'PORT="-1": expected a whole number from 1 to 65535',
      'PIER_EMBEDDED="yes": expected 0 or 1 (or false/true)',
      'PIER_READ_ONLY="2": expected 0 or 1 (or false/true)',
    ]);
  });

  it("refuses malformed PIER_CLUSTERS entries", () => {
    expect(problemsOf({ PIER_CLUSTERS: "prod" })[0]).toContain("expected name=host:port");
    expect(problemsOf({ PIER_CLUSTERS: "prod=host" })[0]).toContain('"host" is not host:port');
    expect(problemsOf({ PIER_CLUSTERS: "prod=h:70000" })[0]).toContain("is not host:port");
    expect(problemsOf({ PIER_CLUSTERS: "local=h:1" })[0]).toContain("reserved for the embedded cluster");
    expect(problemsOf({ PIER_CLUSTERS: "a=h:1;a=h:2" })[0]).toContain("listed twice");
    expect(problemsOf({ PIER_CLUSTERS: "bad name=h:1" })[0]).toContain("use letters, digits");
  });

  it("refuses a console port that collides with a broker port", () => {
    expect(problemsOf({ PORT: "9093" })[0]).toContain("collides with the broker ports 9092-9094");
    expect(problemsOf({ PORT: "9093", PIER_EMBEDDED: "0" })).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import type { ConfigEntry } from "../kafkajs-admin";
import { checkConfigValue, diffTopicConfigs } from "./topics-configs";

const entry = (name: string, value: string, isDefault: boolean, defaultValue: string | null): ConfigEntry => ({
  name,
  value,
  source: isDefault ? "DEFAULT_CONFIG" : "DYNAMIC_TOPIC_CONFIG",
  isDefault,
  isSensitive: false,
  readOnly: false,
  defaultValue,
});

describe("topic config checks and diffs", () => {
  it("checks the shape of known configs as they are typed, and leaves unknown ones to the broker", () => {
    expect(checkConfigValue("retention.ms", "-1")).toBeNull();
    expect(checkConfigValue("retention.ms", "soon")).toMatch(/whole number/);
    expect(checkConfigValue("retention.ms", "-2")).toMatch(/at least -1/);
    expect(checkConfigValue("min.insync.replicas", "4294967296")).toMatch(/32 bits/);
    expect(checkConfigValue("cleanup.policy", "compact,delete")).toBeNull();
    expect(checkConfigValue("cleanup.policy", "compact,keep")).toMatch(/delete, compact/);
    expect(checkConfigValue("compression.type", "brotli")).toMatch(/zstd/);
    expect(checkConfigValue("unclean.leader.election.enable", "yes")).toMatch(/true or false/);
    expect(checkConfigValue("segment.jitter.ms", "anything")).toBeNull();
  });

  it("diffs sets and resets against current values and defaults", () => {
    const current = [
      entry("retention.ms", "3600000", false, "604800000"),
      entry("cleanup.policy", "delete", true, "delete"),
      entry("max.message.bytes", "1048588", true, "1048588"),
    ];
    expect(
      diffTopicConfigs(current, { "cleanup.policy": "compact", "max.message.bytes": "1048588" }, ["retention.ms"]),
    ).toEqual([
      {
        name: "cleanup.policy",
        before: { value: "delete", source: "DEFAULT_CONFIG", isDefault: true },
        after: { value: "compact", isDefault: false },
        change: "set",
      },
      // Setting a default's value explicitly is still a change: it becomes an override.
      expect.objectContaining({ name: "max.message.bytes", change: "set" }),
      {
        name: "retention.ms",
        before: { value: "3600000", source: "DYNAMIC_TOPIC_CONFIG", isDefault: false },
        after: { value: "604800000", isDefault: true },
        change: "reset",
      },
    ]);
    expect(diffTopicConfigs(current, { "retention.ms": "3600000" }, ["cleanup.policy"]).map((r) => r.change)).toEqual([
      "unchanged",
      "unchanged",
    ]);
  });
});

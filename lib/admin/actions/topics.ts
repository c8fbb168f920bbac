import { ErrorCode } from "../../protocol";
import { NotFoundError } from "../errors";
import type { ConfigEntry } from "../kafkajs-admin";
import type { ProtocolClient } from "../wire/protocol-client";
import { diffTopicConfigs, type ConfigDiffRow } from "./topics-configs";
import { kafkaApiError, TopicActionRefusal } from "./topics-errors";
import { executePurge, planPurge, type PurgedPartition, type PurgePlan, type PurgeTarget } from "./topics-purge";
import {
  alterTopicConfigs,
  createPartitions,
  createTopic,
  deleteTopic,
  type CreatedTopic,
  type NewTopicSpec,
} from "./topics-wire";

/**
 * The topic actions of the console: create (or validate a creation), delete, add partitions,
 * edit configs and purge records. Every action reads the topic fresh from the cluster (never the
 * cached snapshot: deciding on stale figures is how consoles delete the wrong thing), refuses
 * internal topics where a change would break the cluster, and asks the client to refresh its
 * snapshot afterwards so the next page shows the change. Each returns the state before and after
 * for the audit log.
 */
export interface TopicActionsDeps {
  wire: ProtocolClient;
  describeConfigs(topic: string): Promise<ConfigEntry[]>;
  /** Called after a change, so the views read fresh figures. */
  changed(): Promise<void>;
}

/** Kafka's own internal topics, protected even on clusters that do not flag them isInternal. */
export const INTERNAL_TOPIC_NAMES: ReadonlySet<string> = new Set([
  "__consumer_offsets",
  "__transaction_state",
  "__share_group_state",
  "__cluster_metadata",
]);

/** What the console knows of a topic when it acts on it. */
export interface TopicFacts {
  name: string;
  internal: boolean;
  partitions: number;
  replicationFactor: number;
  /** partition → leader (-1 = none). */
  leaders: Map<number, number>;
}

export interface ConfigEdit {
  set: Record<string, string>;
  /** Overrides to delete (back to the broker's or Kafka's default). */
  reset: string[];
}

export interface ConfigEditResult {
  diff: ConfigDiffRow[];
  /** Overrides before / after the edit, by name (null = no override). */
  before: Record<string, string | null>;
  after: Record<string, string | null>;
}

export class TopicActions {
  constructor(private readonly deps: TopicActionsDeps) {}

  /** A fresh Metadata read of one topic (NotFoundError when it does not exist). */
  async describe(name: string): Promise<TopicFacts> {
    const metadata = await this.deps.wire.metadata([name]);
    const topic = metadata.topics.find((t) => t.name === name);
    if (!topic || topic.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) throw new NotFoundError("topic", name);
    if (topic.errorCode !== 0) throw kafkaApiError("Metadata", topic.errorCode, null, name);
    const partitions = [...topic.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex);
    return {
      name,
      internal: topic.isInternal || name.startsWith("__") || INTERNAL_TOPIC_NAMES.has(name),
      partitions: partitions.length,
      replicationFactor: partitions[0]?.replicaNodes.length ?? 0,
      leaders: new Map(partitions.map((p) => [p.partitionIndex, p.leaderId])),
    };
  }

  private async unprotected(name: string, what: string): Promise<TopicFacts> {
    const facts = await this.describe(name);
    if (facts.internal) {
      throw new TopicActionRefusal(
        "protected",
        "internal_topic",
        `"${name}" is one of the cluster's internal topics: the console does not ${what} it, because Kafka itself depends on it (consumer offsets, transactions).`,
      );
    }
    return facts;
  }

  /** CreateTopics; with `validateOnly` the cluster checks everything and creates nothing. */
  async create(spec: NewTopicSpec, validateOnly: boolean): Promise<CreatedTopic> {
    if (INTERNAL_TOPIC_NAMES.has(spec.name)) {
      throw new TopicActionRefusal(
        "protected",
        "internal_topic",
        `"${spec.name}" is reserved for Kafka's internal use.`,
      );
    }
    const created = await createTopic(this.deps.wire, spec, validateOnly);
    if (!validateOnly) await this.deps.changed();
    return created;
  }

  /** DeleteTopics, after checking that `confirm` repeats the topic's name; returns what was deleted. */
  async delete(
    name: string,
    confirm: string,
  ): Promise<{ before: TopicFacts & { overrides: Record<string, string | null> } }> {
    if (confirm !== name) {
      throw new TopicActionRefusal(
        "invalid",
        "confirmation_mismatch",
        `To delete "${name}", confirm with its exact name (got "${confirm}").`,
      );
    }
    const facts = await this.unprotected(name, "delete");
    const overrides = await this.overrides(name).catch(() => ({}));
    await deleteTopic(this.deps.wire, name);
    await this.deps.changed();
    return { before: { ...facts, overrides } };
  }

  /** CreatePartitions: grows the topic to `count` partitions. */
  async addPartitions(name: string, count: number, validateOnly: boolean) {
    const facts = await this.unprotected(name, "change the partitions of");
    if (count <= facts.partitions) {
      // The broker refuses this too (INVALID_PARTITIONS); saying so here names the current count.
      throw kafkaApiError(
        "CreatePartitions",
        ErrorCode.INVALID_PARTITIONS,
        count === facts.partitions
          ? `Topic already has ${facts.partitions} partitions.`
          : `Topic currently has ${facts.partitions} partitions, which is higher than the requested ${count}.`,
        name,
      );
    }
    await createPartitions(this.deps.wire, name, count, validateOnly);
    if (!validateOnly) await this.deps.changed();
    return { before: { partitions: facts.partitions }, after: { partitions: count } };
  }

  /** IncrementalAlterConfigs (SET and DELETE), with the diff against the current values. */
  async alterConfigs(name: string, edit: ConfigEdit, validateOnly: boolean): Promise<ConfigEditResult> {
    await this.describe(name);
    const current = await this.deps.describeConfigs(name);
    const names = [...Object.keys(edit.set), ...edit.reset];
    const changes = [
      ...Object.entries(edit.set).map(([config, value]) => ({ name: config, value })),
      ...edit.reset.map((config) => ({ name: config, value: null })),
    ];
    await alterTopicConfigs(this.deps.wire, name, changes, validateOnly);
    const before = overridesOf(current, names);
    if (validateOnly) {
      return { diff: diffTopicConfigs(current, edit.set, edit.reset), before, after: before };
    }
    await this.deps.changed();
    const updated = await this.deps.describeConfigs(name);
    return { diff: diffTopicConfigs(current, edit.set, edit.reset), before, after: overridesOf(updated, names) };
  }

  /** How many records each partition would lose; changes nothing. */
  async planPurge(name: string, target: PurgeTarget, partitions?: readonly number[]): Promise<PurgePlan> {
    const facts = await this.unprotected(name, "purge");
    return planPurge(this.deps.wire, facts, target, partitions);
  }

  /** Plans, then deletes the records (DeleteRecords per leader). */
  async purge(name: string, target: PurgeTarget, partitions?: readonly number[]) {
    const plan = await this.planPurge(name, target, partitions);
    const purged: PurgedPartition[] = await executePurge(this.deps.wire, plan);
    await this.deps.changed();
    return { plan, purged };
  }

  private async overrides(name: string): Promise<Record<string, string | null>> {
    const configs = await this.deps.describeConfigs(name);
    return Object.fromEntries(
      configs.filter((c) => !c.isDefault && c.source === "DYNAMIC_TOPIC_CONFIG").map((c) => [c.name, c.value]),
    );
  }
}

/** Each named config's topic-level override (null = none). */
function overridesOf(configs: readonly ConfigEntry[], names: readonly string[]): Record<string, string | null> {
  const byName = new Map(configs.map((c) => [c.name, c]));
  return Object.fromEntries(
    names.map((n) => {
      const entry = byName.get(n);
      return [n, entry && entry.source === "DYNAMIC_TOPIC_CONFIG" ? entry.value : null];
    }),
  );
}

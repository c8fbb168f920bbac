import { z } from "zod";
import { CONFIG_NAME_PATTERN } from "../admin/actions/topics-configs";
import { topicNameSchema } from "./api-schemas";

/**
 * Bodies of the topic actions' REST calls (POST topics, DELETE topics/{topic}, POST
 * .../partitions, PATCH .../configs, POST .../purge). Kafka's own limits are checked here so a
 * mistake is a 400 that names the field; the broker validates again (config values especially).
 */
/** Kafka has no hard limit; this one keeps a typo (100000) from creating a cluster-wide burden. */
export const MAX_TOPIC_PARTITIONS = 10_000;
/** Replication factor is an int16 in CreateTopics. */
export const MAX_REPLICATION_FACTOR = 32_767;
export const MAX_CONFIG_VALUE_LENGTH = 4_096;
export const MAX_CONFIGS_PER_REQUEST = 200;

export const newTopicNameSchema = topicNameSchema.refine((n) => n !== "." && n !== "..", {
  message: 'a topic cannot be named "." or ".."',
});

const configName = z.string().max(255).regex(CONFIG_NAME_PATTERN, "a config name looks like retention.ms");
const configValues = z
  .record(configName, z.string().max(MAX_CONFIG_VALUE_LENGTH))
  .refine((r) => Object.keys(r).length <= MAX_CONFIGS_PER_REQUEST, `at most ${MAX_CONFIGS_PER_REQUEST} configs`);

export const createTopicSchema = z.strictObject({
  name: newTopicNameSchema,
  /** Omitted = the broker's num.partitions. */
  partitions: z.number().int().min(1).max(MAX_TOPIC_PARTITIONS).optional(),
  /** Omitted = the broker's default.replication.factor. */
  replicationFactor: z.number().int().min(1).max(MAX_REPLICATION_FACTOR).optional(),
  configs: configValues.default({}),
  /** Ask the cluster to check everything and create nothing (not audited). */
  validateOnly: z.boolean().default(false),
});

export const deleteTopicSchema = z.strictObject({
  /** Must repeat the topic's name exactly: a stray request cannot delete a topic. */
  confirm: z.string().max(300),
});

export const addPartitionsSchema = z.strictObject({
  /** The new total number of partitions (not the number to add). */
  count: z.number().int().min(1).max(MAX_TOPIC_PARTITIONS),
  validateOnly: z.boolean().default(false),
});

export const alterConfigsSchema = z
  .strictObject({
    set: configValues.default({}),
    /** Overrides to remove: the topic falls back to the broker's or Kafka's default. */
    reset: z.array(configName).max(MAX_CONFIGS_PER_REQUEST).default([]),
    validateOnly: z.boolean().default(false),
  })
  .refine((e) => Object.keys(e.set).length + e.reset.length > 0, { message: "nothing to change: give set or reset" })
  .refine((e) => !e.reset.some((n) => n in e.set), { message: "a config cannot be both set and reset" });

const purgeTarget = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("offset"), offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ type: z.literal("timestamp"), timestampMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ type: z.literal("end") }),
]);

export const purgeSchema = z.strictObject({
  /** Records before this go: an offset, the first record at or after a timestamp (ms), or the end. */
  target: purgeTarget,
  /** Partitions to purge; omitted = every partition. */
  partitions: z.array(z.number().int().min(0)).min(1).max(MAX_TOPIC_PARTITIONS).optional(),
  /** Answer the plan (records per partition) and delete nothing (not audited). */
  dryRun: z.boolean().default(false),
});

export type CreateTopicBody = z.infer<typeof createTopicSchema>;
export type AlterConfigsBody = z.infer<typeof alterConfigsSchema>;
export type PurgeBody = z.infer<typeof purgeSchema>;

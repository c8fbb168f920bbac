import { z } from "zod";
import { MAX_REASSIGNMENT_PARTITIONS, MIN_THROTTLE_BYTES_PER_SEC } from "../admin";
import { brokerIdSchema, topicNameSchema } from "./api-schemas";

/**
 * Bodies of the cluster actions (reassignments, preferred leader elections, broker stop/start),
 * validated with zod. Deeper checks that need the cluster (does the topic exist, is broker 7 in
 * the cluster) are lib/admin's and answer 404/400 with the partition named.
 */
export const MAX_ACTION_TOPICS = 10_000;
/** Brokers in one plan: Kafka's broker ids are int32, clusters beyond a few thousand brokers are not a thing. */
export const MAX_PLAN_BROKERS = 10_000;
/** Largest replication factor accepted (Kafka's replication factor is an int16). */
export const MAX_REPLICATION_FACTOR = 32_767;

const brokerId = z.number().int().min(0).max(2_147_483_647);
const partitionIndex = z.number().int().min(0).max(2_147_483_647);

const generateSchema = z.strictObject({
  action: z.literal("generate"),
  topics: z.array(topicNameSchema).min(1, "choose at least one topic").max(MAX_ACTION_TOPICS),
  brokers: z.array(brokerId).min(1, "choose at least one broker").max(MAX_PLAN_BROKERS),
  replicationFactor: z.number().int().min(1).max(MAX_REPLICATION_FACTOR).optional(),
  rebalance: z.boolean().optional(),
});

const executeSchema = z.strictObject({
  action: z.literal("execute"),
  partitions: z
    .array(
      z.strictObject({
        topic: topicNameSchema,
        partition: partitionIndex,
        replicas: z.array(brokerId).min(1, "a partition needs at least one replica").max(MAX_REPLICATION_FACTOR),
      }),
    )
    .min(1, "the plan is empty")
    .max(MAX_REASSIGNMENT_PARTITIONS),
  /** bytes/s; omitted or null = no throttle. */
  throttleBytesPerSec: z
    .number()
    .int()
    .min(MIN_THROTTLE_BYTES_PER_SEC, `a throttle below ${MIN_THROTTLE_BYTES_PER_SEC} bytes/s would never finish`)
    .nullish(),
});

const cancelSchema = z.strictObject({
  action: z.literal("cancel"),
  /** Only these topics (or topic partitions); omitted = every ongoing reassignment. */
  partitions: z
    .array(z.strictObject({ topic: topicNameSchema, partition: partitionIndex.optional() }))
    .min(1)
    .max(MAX_REASSIGNMENT_PARTITIONS)
    .optional(),
});

export const reassignmentActionSchema = z.discriminatedUnion("action", [generateSchema, executeSchema, cancelSchema]);
export type ReassignmentAction = z.infer<typeof reassignmentActionSchema>;

const electionPartitions = z
  .array(z.strictObject({ topic: topicNameSchema, partition: partitionIndex }))
  .min(1)
  .max(MAX_REASSIGNMENT_PARTITIONS);

/** POST body of a preferred leader election; neither topic nor partitions = every partition. */
export const electionBodySchema = z
  .strictObject({
    type: z.literal("preferred").optional(),
    topic: topicNameSchema.optional(),
    partitions: electionPartitions.optional(),
  })
  .refine((b) => !(b.topic !== undefined && b.partitions !== undefined), "give either topic or partitions, not both");

/** GET query of the election preview: `topic`, or `partitions` as "topic:0,topic:3". */
export const electionQuerySchema = z
  .strictObject({
    topic: topicNameSchema.optional(),
    partitions: z
      .string()
      .max(100_000)
      .transform((v, ctx) => {
        const parsed = v.split(",").map((item) => {
          const at = item.lastIndexOf(":");
          const topic = item.slice(0, at);
          const partition = Number(item.slice(at + 1));
          if (at <= 0 || !Number.isInteger(partition) || partition < 0) {
            ctx.addIssue({ code: "custom", message: `"${item}" is not topic:partition` });
          }
          return { topic, partition };
        });
        return parsed;
      })
      .optional(),
  })
  .refine((b) => !(b.topic !== undefined && b.partitions !== undefined), "give either topic or partitions, not both");

export const brokerStopBodySchema = z.strictObject({
  /** clean: controlled shutdown (leadership moves first); crash: as kill -9 (the controller notices by session timeout). */
  mode: z.enum(["clean", "crash"]).optional(),
});

export { brokerIdSchema };

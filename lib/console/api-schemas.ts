import { z } from "zod";
import {
  GROUP_SORT_KEYS,
  GROUPS_PAGE_SIZE_MAX,
  SASL_MECHANISMS,
  SECURITY_PROTOCOLS,
  TOPIC_SORT_KEYS,
  TOPICS_PAGE_SIZE_MAX,
} from "../admin";
import { CLUSTER_NAME_PATTERN, isHostPort, MAX_CLUSTER_NAME_LENGTH } from "../config/env";

/**
 * Inputs of the REST API, validated with zod: query strings, path parameters and bodies. Unknown
 * query parameters are rejected (a typo like `?sortt=` should not silently do nothing).
 */
export const MAX_TOPIC_NAME_LENGTH = 249;
/** Kafka's legal topic names (Topic.java): letters, digits, '.', '_' and '-'. */
export const TOPIC_NAME_PATTERN = /^[A-Za-z0-9._-]+$/;
export const MAX_GROUP_ID_LENGTH = 1024;
export const MAX_QUERY_LENGTH = 256;
export const MAX_CA_PEM_BYTES = 64 * 1024;

const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const pageNumber = z.coerce.number().int().min(1);
const order = z.enum(["asc", "desc"]);

export const topicQuerySchema = z.strictObject({
  q: z.string().max(MAX_QUERY_LENGTH).optional(),
  sort: z.enum(TOPIC_SORT_KEYS).optional(),
  order: order.optional(),
  page: pageNumber.optional(),
  pageSize: z.coerce.number().int().min(1).max(TOPICS_PAGE_SIZE_MAX).optional(),
  internal: booleanFlag.optional(),
});

export const groupQuerySchema = z.strictObject({
  q: z.string().max(MAX_QUERY_LENGTH).optional(),
  state: z.string().max(64).optional(),
  sort: z.enum(GROUP_SORT_KEYS).optional(),
  order: order.optional(),
  page: pageNumber.optional(),
  pageSize: z.coerce.number().int().min(1).max(GROUPS_PAGE_SIZE_MAX).optional(),
});

export const topicNameSchema = z
  .string()
  .min(1)
  .max(MAX_TOPIC_NAME_LENGTH)
  .regex(TOPIC_NAME_PATTERN, "a topic name uses only letters, digits, '.', '_' and '-'");

export const groupIdSchema = z.string().min(1).max(MAX_GROUP_ID_LENGTH);

export const brokerIdSchema = z.coerce.number().int().min(0).max(2_147_483_647);

const bootstrapServers = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter((s) => s !== ""))
  .pipe(
    z
      .array(z.string().refine(isHostPort, { message: "expected host:port with a port from 1 to 65535" }))
      .min(1, "at least one bootstrap server"),
  );

export const clusterInputSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(MAX_CLUSTER_NAME_LENGTH)
      .regex(CLUSTER_NAME_PATTERN, "use letters, digits, '.', '_' or '-', starting with a letter or digit"),
    bootstrapServers,
    securityProtocol: z.enum(SECURITY_PROTOCOLS).default("PLAINTEXT"),
    saslMechanism: z.enum(SASL_MECHANISMS).nullish(),
    saslUsername: z.string().max(256).nullish(),
    saslPassword: z.string().max(1024).nullish(),
    tlsCa: z.string().max(MAX_CA_PEM_BYTES).nullish(),
    tlsRejectUnauthorized: z.boolean().optional(),
    readOnly: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    const sasl = input.securityProtocol === "SASL_PLAINTEXT" || input.securityProtocol === "SASL_SSL";
    if (sasl && !input.saslUsername) {
      ctx.addIssue({ code: "custom", path: ["saslUsername"], message: `${input.securityProtocol} needs a user name` });
    }
  });

export type ClusterInputBody = z.infer<typeof clusterInputSchema>;

/** PATCH /api/clusters/{id}: the console's own settings of a cluster (any cluster, config-managed too). */
export const clusterSettingsPatchSchema = z.strictObject({ readOnly: z.boolean() });

export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

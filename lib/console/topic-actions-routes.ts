import type { NewTopicSpec } from "../admin";
import { jsonError } from "./http";
import { mutationRoute } from "./mutations";
import { jsonBody } from "./routes";
import { topicNameSchema } from "./api-schemas";
import { withTopicActionErrors } from "./topic-actions-http";
import {
  addPartitionsSchema,
  alterConfigsSchema,
  createTopicSchema,
  deleteTopicSchema,
  purgeSchema,
} from "./topic-actions-schemas";

/**
 * The topic actions' route handlers (app/api/clusters/[id]/topics/**): validate the body, refuse
 * read-only and cross-site calls (mutationRoute), run the action through lib/admin and record it
 * in the audit log. Validate-only and dry-run calls change nothing and are not recorded.
 */
const topicTarget = (name: string) => `topic:${name}`;

/** Kafka's CreateTopics "use the broker's default" for partitions and replication factor. */
const BROKER_DEFAULT = -1;

/** POST /api/clusters/{id}/topics */
export function createTopicRoute(request: Request, clusterId: string): Promise<Response> {
  return mutationRoute(request, clusterId, ({ cluster, audited }) =>
    withTopicActionErrors(async () => {
      const input = createTopicSchema.parse(await jsonBody(request));
      const spec: NewTopicSpec = {
        name: input.name,
        numPartitions: input.partitions ?? BROKER_DEFAULT,
        replicationFactor: input.replicationFactor ?? BROKER_DEFAULT,
        configs: input.configs,
      };
      const actions = cluster.client.topicActions;
      if (input.validateOnly) return Response.json({ validateOnly: true, topic: await actions.create(spec, true) });
      const { result, entry } = await audited({
        action: "topic.create",
        target: topicTarget(spec.name),
        parameters: {
          partitions: input.partitions ?? null,
          replicationFactor: input.replicationFactor ?? null,
          configs: input.configs,
        },
        run: async () => {
          const created = await actions.create(spec, false);
          const after = {
            partitions: created.numPartitions,
            replicationFactor: created.replicationFactor,
            configs: input.configs,
          };
          return { result: created, after };
        },
      });
      return Response.json({ topic: result, auditId: entry.id }, { status: 201 });
    }),
  );
}

/** DELETE /api/clusters/{id}/topics/{topic} with {"confirm": "<topic>"} */
export function deleteTopicRoute(request: Request, clusterId: string, rawTopic: string): Promise<Response> {
  return mutationRoute(request, clusterId, ({ cluster, audited }) =>
    withTopicActionErrors(async () => {
      const topic = topicNameSchema.parse(rawTopic);
      const { confirm } = deleteTopicSchema.parse(await jsonBody(request));
      // Checked before anything is recorded: a mismatch never reaches the cluster (lib/admin checks again).
      if (confirm !== topic) {
        return jsonError(
          400,
          "confirmation_mismatch",
          `To delete "${topic}", confirm with its exact name (got "${confirm}").`,
        );
      }
      const { entry } = await audited({
        action: "topic.delete",
        target: topicTarget(topic),
        parameters: { confirm },
        run: async () => {
          const { before } = await cluster.client.topicActions.delete(topic, confirm);
          const { partitions, replicationFactor, overrides } = before;
          return { result: null, before: { partitions, replicationFactor, configs: overrides } };
        },
      });
      return Response.json({ deleted: topic, auditId: entry.id });
    }),
  );
}

/** POST /api/clusters/{id}/topics/{topic}/partitions with {"count": N} */
export function addPartitionsRoute(request: Request, clusterId: string, rawTopic: string): Promise<Response> {
  return mutationRoute(request, clusterId, ({ cluster, audited }) =>
    withTopicActionErrors(async () => {
      const topic = topicNameSchema.parse(rawTopic);
      const { count, validateOnly } = addPartitionsSchema.parse(await jsonBody(request));
      const actions = cluster.client.topicActions;
      if (validateOnly)
        return Response.json({ validateOnly: true, ...(await actions.addPartitions(topic, count, true)) });
      const { result, entry } = await audited({
        action: "topic.partitions.add",
        target: topicTarget(topic),
        parameters: { count },
        run: async () => {
          const change = await actions.addPartitions(topic, count, false);
          return { result: change, before: change.before, after: change.after };
        },
      });
      return Response.json({ ...result, auditId: entry.id });
    }),
  );
}

/** PATCH /api/clusters/{id}/topics/{topic}/configs with {"set": {...}, "reset": [...]} */
export function alterConfigsRoute(request: Request, clusterId: string, rawTopic: string): Promise<Response> {
  return mutationRoute(request, clusterId, ({ cluster, audited }) =>
    withTopicActionErrors(async () => {
      const topic = topicNameSchema.parse(rawTopic);
      const { set, reset, validateOnly } = alterConfigsSchema.parse(await jsonBody(request));
      const actions = cluster.client.topicActions;
      if (validateOnly) {
        return Response.json({ validateOnly: true, ...(await actions.alterConfigs(topic, { set, reset }, true)) });
      }
      const { result, entry } = await audited({
        action: "topic.configs.alter",
        target: topicTarget(topic),
        parameters: { set, reset },
        run: async () => {
          const edit = await actions.alterConfigs(topic, { set, reset }, false);
          return { result: edit, before: edit.before, after: edit.after };
        },
      });
      return Response.json({ ...result, auditId: entry.id });
    }),
  );
}

/** POST /api/clusters/{id}/topics/{topic}/purge with {"target": {...}, "partitions"?: [...], "dryRun"?: true} */
export function purgeRoute(request: Request, clusterId: string, rawTopic: string): Promise<Response> {
  return mutationRoute(request, clusterId, ({ cluster, audited }) =>
    withTopicActionErrors(async () => {
      const topic = topicNameSchema.parse(rawTopic);
      const { target, partitions, dryRun } = purgeSchema.parse(await jsonBody(request));
      const actions = cluster.client.topicActions;
      if (dryRun) return Response.json({ dryRun: true, plan: await actions.planPurge(topic, target, partitions) });
      const { result, entry } = await audited({
        action: "topic.purge",
        target: topicTarget(topic),
        parameters: { target, partitions: partitions ?? "all" },
        run: async () => {
          const done = await actions.purge(topic, target, partitions);
          const offsets = (pick: (p: (typeof done.purged)[number]) => number) =>
            Object.fromEntries(done.purged.map((p) => [String(p.partition), pick(p)]));
          return {
            result: done,
            before: { logStartOffsets: offsets((p) => p.logStartOffsetBefore) },
            after: { logStartOffsets: offsets((p) => p.logStartOffsetAfter) },
          };
        },
      });
      return Response.json({ ...result, auditId: entry.id });
    }),
  );
}

import { ApiKey } from "../../../protocol/apis";
import { defineHandler } from "../api-handler";

/**
 * Metadata v0-12. v0: an empty topic list means all topics; v1+: null means all, empty means
 * none. AllowAutoTopicCreation is absent before v4 and then defaults to true, as in Kafka. Only
 * live brokers are listed; replicas on the others are the partitions' offlineReplicas.
 */
export const metadataHandler = defineHandler({
  apiKey: ApiKey.Metadata,
  minVersion: 0,
  maxVersion: 12,
  handle({ broker, apiVersion }, body) {
    const all = body.topics === null || (apiVersion === 0 && body.topics.length === 0);
    const requested = all ? null : (body.topics ?? []).map((t) => ({ name: t.name, topicId: t.topicId }));
    const controller = broker.controller;
    return {
      throttleTimeMs: 0,
      brokers: controller.liveBrokers().map((b) => ({ nodeId: b.id, host: b.host, port: b.port, rack: b.rack })),
      clusterId: controller.clusterId,
      controllerId: controller.controllerId,
      topics: broker
        .topicMetadata(requested, body.allowAutoTopicCreation)
        .map((t) => ({ ...t, topicAuthorizedOperations: -2147483648 })),
      clusterAuthorizedOperations: -2147483648,
    };
  },
});

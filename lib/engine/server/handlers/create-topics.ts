import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { toApiError } from "../../controller/api-error";
import { ConfigSource } from "../../controller/config-definitions";
import { defineHandler } from "../api-handler";

/**
 * CreateTopics v0-7. Every broker accepts it (KRaft brokers forward to the controller; ours is in
 * process). v5+ results carry the topic's partitions, replication factor and effective configs.
 */
export const createTopicsHandler = defineHandler({
  apiKey: ApiKey.CreateTopics,
  minVersion: 0,
  maxVersion: 7,
  handle({ broker, apiVersion }, body) {
    const names = body.topics.map((t) => t.name);
    const topics = body.topics.map((spec) => {
      const failed = (errorCode: number, errorMessage: string) => ({
        name: spec.name,
        errorCode,
        errorMessage,
        numPartitions: -1,
        replicationFactor: -1,
        configs: null,
      });
      if (names.filter((n) => n === spec.name).length > 1)
        return failed(
          ErrorCode.INVALID_REQUEST,
          `Create topics request from client contains the topic '${spec.name}' more than once.`,
        );
      try {
        const created = broker.controller.createTopic(spec, body.validateOnly, broker.id);
        // A validate-only topic does not exist, so its requested configs are laid over the
        // defaults here: the answer is what the topic would have, as Kafka's is.
        const requested = new Map(spec.configs.map((c) => [c.name, c.value]));
        const configs =
          apiVersion >= 5
            ? broker.controller.configs.describeTopic(spec.name, broker.id).map((c) => {
                const override = body.validateOnly && requested.has(c.name);
                return {
                  name: c.name,
                  value: override && !c.sensitive ? (requested.get(c.name) ?? null) : c.value,
                  readOnly: c.readOnly,
                  configSource: override ? ConfigSource.DYNAMIC_TOPIC_CONFIG : c.source,
                  isSensitive: c.sensitive,
                };
              })
            : null;
        return {
          name: spec.name,
          topicId: created.topicId,
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          numPartitions: created.numPartitions,
          replicationFactor: created.replicationFactor,
          configs,
        };
      } catch (err) {
        const e = toApiError(err);
        return failed(e.errorCode, e.message);
      }
    });
    return { throttleTimeMs: 0, topics };
  },
});

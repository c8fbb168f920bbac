import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { toApiError } from "../../controller/api-error";
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
        const configs =
          apiVersion >= 5
            ? broker.controller.configs.describeTopic(spec.name, broker.id).map((c) => ({
                name: c.name,
                value: c.value,
                readOnly: c.readOnly,
                configSource: c.source,
                isSensitive: c.sensitive,
              }))
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

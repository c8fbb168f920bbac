import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { toApiError } from "../../controller/api-error";
import { NO_TOPIC_ID } from "../../broker/broker";
import { defineHandler } from "../api-handler";

/** DeleteTopics v0-6 (v6 may name topics by id). Deletion is immediate: logs go at once. */
export const deleteTopicsHandler = defineHandler({
  apiKey: ApiKey.DeleteTopics,
  minVersion: 0,
  maxVersion: 6,
  handle({ broker, apiVersion }, body) {
    const controller = broker.controller;
    const requests = apiVersion >= 6 ? body.topics : body.topicNames.map((name) => ({ name, topicId: NO_TOPIC_ID }));
    const responses = requests.map(({ name, topicId }) => {
      const topic = name !== null ? controller.topic(name) : controller.image.topicsById.get(topicId);
      if (topic === undefined) {
        return name !== null
          ? {
              name,
              topicId,
              errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
              errorMessage: "This server does not host this topic-partition.",
            }
          : {
              name: null,
              topicId,
              errorCode: ErrorCode.UNKNOWN_TOPIC_ID,
              errorMessage: "This server does not host this topic ID.",
            };
      }
      try {
        controller.deleteTopic(topic);
        return { name: topic.name, topicId: topic.topicId, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (err) {
        const e = toApiError(err);
        return { name: topic.name, topicId: topic.topicId, errorCode: e.errorCode, errorMessage: e.message };
      }
    });
    return { throttleTimeMs: 0, responses };
  },
});

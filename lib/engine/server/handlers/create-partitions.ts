import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { toApiError } from "../../controller/api-error";
import { defineHandler } from "../api-handler";

/** CreatePartitions v0-3. */
export const createPartitionsHandler = defineHandler({
  apiKey: ApiKey.CreatePartitions,
  minVersion: 0,
  maxVersion: 3,
  handle({ broker }, body) {
    const results = body.topics.map((t) => {
      try {
        broker.controller.createPartitions(
          t.name,
          t.count,
          t.assignments?.map((a) => a.brokerIds) ?? null,
          body.validateOnly,
        );
        return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (err) {
        const e = toApiError(err);
        return { name: t.name, errorCode: e.errorCode, errorMessage: e.message };
      }
    });
    return { throttleTimeMs: 0, results };
  },
});

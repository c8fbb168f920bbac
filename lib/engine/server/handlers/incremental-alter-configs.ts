import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { toApiError } from "../../controller/api-error";
import { defineHandler } from "../api-handler";

/** IncrementalAlterConfigs v0-1: SET / DELETE / APPEND / SUBTRACT per config. */
export const incrementalAlterConfigsHandler = defineHandler({
  apiKey: ApiKey.IncrementalAlterConfigs,
  minVersion: 0,
  maxVersion: 1,
  handle({ broker }, body) {
    const responses = body.resources.map((r) => {
      const base = { resourceType: r.resourceType, resourceName: r.resourceName };
      try {
        const ops = r.configs.map((c) => ({ name: c.name, op: c.configOperation, value: c.value }));
        broker.controller.incrementalAlterConfigs(r, ops, body.validateOnly);
        return { ...base, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (err) {
        const e = toApiError(err);
        return { ...base, errorCode: e.errorCode, errorMessage: e.message };
      }
    });
    return { throttleTimeMs: 0, responses };
  },
});

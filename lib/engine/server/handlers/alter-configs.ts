import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { toApiError } from "../../controller/api-error";
import { defineHandler } from "../api-handler";

/** AlterConfigs v0-2 (legacy: the given set replaces all overrides of the resource). */
export const alterConfigsHandler = defineHandler({
  apiKey: ApiKey.AlterConfigs,
  minVersion: 0,
  maxVersion: 2,
  handle({ broker }, body) {
    const responses = body.resources.map((r) => {
      const base = { resourceType: r.resourceType, resourceName: r.resourceName };
      try {
        broker.controller.alterConfigs(r, r.configs, body.validateOnly);
        return { ...base, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (err) {
        const e = toApiError(err);
        return { ...base, errorCode: e.errorCode, errorMessage: e.message };
      }
    });
    return { throttleTimeMs: 0, responses };
  },
});

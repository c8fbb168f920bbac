import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { ConfigResourceType } from "../../controller/controller";
import type { DescribedConfig } from "../../controller/config-repository";
import { defineHandler } from "../api-handler";

/**
 * DescribeConfigs v0-4 for TOPIC and BROKER resources: every config with value, source,
 * read-only and sensitive flags, synonyms (v1+, when asked), type and documentation (v3+).
 */
export const describeConfigsHandler = defineHandler({
  apiKey: ApiKey.DescribeConfigs,
  minVersion: 0,
  maxVersion: 4,
  handle({ broker }, body) {
    const { controller } = broker;
    const results = body.resources.map((resource) => {
      const base = { resourceType: resource.resourceType, resourceName: resource.resourceName };
      let configs: DescribedConfig[];
      if (resource.resourceType === ConfigResourceType.TOPIC) {
        if (controller.topic(resource.resourceName) === undefined) {
          return {
            ...base,
            errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            errorMessage: `Topic '${resource.resourceName}' does not exist.`,
            configs: [],
          };
        }
        configs = controller.configs.describeTopic(resource.resourceName, broker.id);
      } else if (resource.resourceType === ConfigResourceType.BROKER) {
        const id = resource.resourceName === "" ? broker.id : Number(resource.resourceName);
        if (!/^\d*$/.test(resource.resourceName) || !controller.brokerList().some((b) => b.id === id)) {
          return {
            ...base,
            errorCode: ErrorCode.INVALID_REQUEST,
            errorMessage: `Unknown broker '${resource.resourceName}'`,
            configs: [],
          };
        }
        configs = controller.configs.describeBroker(id);
      } else {
        return {
          ...base,
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: `Unsupported resource type ${resource.resourceType}`,
          configs: [],
        };
      }
      const keys = resource.configurationKeys === null ? null : new Set(resource.configurationKeys);
      return {
        ...base,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        configs: configs
          .filter((c) => keys === null || keys.has(c.name))
          .map((c) => ({
            name: c.name,
            value: c.value,
            readOnly: c.readOnly,
            isDefault: c.isDefault,
            configSource: c.source,
            isSensitive: c.sensitive,
            synonyms: body.includeSynonyms ? c.synonyms : [],
            configType: c.type,
            documentation: body.includeDocumentation ? c.documentation : null,
          })),
      };
    });
    return { throttleTimeMs: 0, results };
  },
});

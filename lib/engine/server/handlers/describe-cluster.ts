import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { defineHandler } from "../api-handler";

/** EndpointType (v1+): 1 = brokers, 2 = controllers. */
const ENDPOINT_TYPE_BROKERS = 1;

/**
 * DescribeCluster v0-1. Controller endpoints are not separate in Pier: only brokers are served,
 * the live ones (as Kafka lists unfenced brokers only); the controller is the lowest live broker.
 */
export const describeClusterHandler = defineHandler({
  apiKey: ApiKey.DescribeCluster,
  minVersion: 0,
  maxVersion: 1,
  handle({ broker, apiVersion }, body) {
    const controller = broker.controller;
    const base = {
      throttleTimeMs: 0,
      endpointType: body.endpointType,
      clusterId: controller.clusterId,
      clusterAuthorizedOperations: -2147483648,
    };
    if (apiVersion >= 1 && body.endpointType !== ENDPOINT_TYPE_BROKERS) {
      return {
        ...base,
        errorCode: ErrorCode.UNSUPPORTED_ENDPOINT_TYPE,
        errorMessage: "Only broker endpoints are available",
        controllerId: -1,
        brokers: [],
      };
    }
    return {
      ...base,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      controllerId: controller.controllerId,
      brokers: controller.liveBrokers().map((b) => ({ brokerId: b.id, host: b.host, port: b.port, rack: b.rack })),
    };
  },
});

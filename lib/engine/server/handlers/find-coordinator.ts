import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { defineHandler } from "../api-handler";
import type { BrokerRegistration } from "../../controller/controller";
import { crc32c } from "../../../protocol/records/crc32c";

/**
 * FindCoordinator v0-4. Names the broker that coordinates a group or transactional id (hash of
 * the key over the brokers, as librdkafka's mock cluster does). Advertised because librdkafka
 * 2.0.2 ties features such as LZ4 to FindCoordinator v0; the coordinator APIs themselves
 * (JoinGroup...) arrive with the consumer-groups work.
 */
export const findCoordinatorHandler = defineHandler({
  apiKey: ApiKey.FindCoordinator,
  minVersion: 0,
  maxVersion: 4,
  handle({ broker, apiVersion }, body) {
    const brokers = broker.controller.brokerList();
    const pick = (key: string): BrokerRegistration => brokers[crc32c(Buffer.from(key, "utf8")) % brokers.length]!;
    if (apiVersion < 4) {
      const b = pick(body.key);
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        nodeId: b.id,
        host: b.host,
        port: b.port,
      };
    }
    return {
      throttleTimeMs: 0,
      coordinators: body.coordinatorKeys.map((key) => {
        const b = pick(key);
        return { key, nodeId: b.id, host: b.host, port: b.port, errorCode: ErrorCode.NONE, errorMessage: null };
      }),
    };
  },
});

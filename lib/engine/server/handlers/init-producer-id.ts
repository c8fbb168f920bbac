import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { toApiError } from "../../controller/api-error";
import { defineHandler } from "../api-handler";

/** InitProducerId v0-4 for idempotent producers (librdkafka's IdempotentProducer feature needs v0). */
export const initProducerIdHandler = defineHandler({
  apiKey: ApiKey.InitProducerId,
  minVersion: 0,
  maxVersion: 4,
  handle({ broker }, body) {
    try {
      const { producerId, producerEpoch } = broker.initProducerId(
        body.transactionalId,
        body.producerId,
        body.producerEpoch,
      );
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch };
    } catch (err) {
      return { throttleTimeMs: 0, errorCode: toApiError(err).errorCode, producerId: -1n, producerEpoch: -1 };
    }
  },
});

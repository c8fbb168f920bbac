import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import type { Controller } from "../../controller/controller";
import { findGroupCoordinator, type CoordinatorLookup } from "../../groups";
import { offsetsTopicView } from "../../groups/broker-groups";
import { defineHandler } from "../api-handler";

/** FindCoordinator key types (CoordinatorType): 0 = consumer group, 1 = transactional id. */
const KEY_TYPE_GROUP = 0;
const KEY_TYPE_TRANSACTION = 1;
/** v4 batched the keys (KIP-699). */
const BATCHED_KEYS_VERSION = 4;

function lookup(controller: Controller, key: string, keyType: number): CoordinatorLookup {
  if (keyType === KEY_TYPE_GROUP) return findGroupCoordinator(key, offsetsTopicView(controller));
  const errorMessage =
    keyType === KEY_TYPE_TRANSACTION
      ? "Transactions are not supported by this broker yet."
      : `Unknown key type ${keyType}.`;
  const errorCode = keyType === KEY_TYPE_TRANSACTION ? ErrorCode.COORDINATOR_NOT_AVAILABLE : ErrorCode.INVALID_REQUEST;
  return { errorCode, errorMessage, node: { id: -1, host: "", port: -1 } };
}

/**
 * FindCoordinator v0-4: a group's coordinator is the leader of its __consumer_offsets partition,
 * so it follows partition leadership. Transactional ids have no coordinator in Pier yet.
 */
export const findCoordinatorHandler = defineHandler({
  apiKey: ApiKey.FindCoordinator,
  minVersion: 0,
  maxVersion: 4,
  handle({ broker, apiVersion }, body) {
    if (apiVersion < BATCHED_KEYS_VERSION) {
      const found = lookup(broker.controller, body.key, body.keyType);
      return {
        throttleTimeMs: 0,
        errorCode: found.errorCode,
        errorMessage: found.errorMessage,
        nodeId: found.node.id,
        host: found.node.host,
        port: found.node.port,
      };
    }
    return {
      throttleTimeMs: 0,
      coordinators: body.coordinatorKeys.map((key) => {
        const found = lookup(broker.controller, key, body.keyType);
        const { id: nodeId, host, port } = found.node;
        return { key, nodeId, host, port, errorCode: found.errorCode, errorMessage: found.errorMessage };
      }),
    };
  },
});

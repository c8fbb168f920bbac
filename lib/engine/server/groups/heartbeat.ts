import { ApiKey } from "../../../protocol/apis";
import { defineHandler } from "../api-handler";
import type { CoordinatorOf } from "./coordinator-of";

/** Heartbeat v0-4. */
export function heartbeatHandler(coordinatorOf: CoordinatorOf) {
  return defineHandler({
    apiKey: ApiKey.Heartbeat,
    minVersion: 0,
    maxVersion: 4,
    handle(context, body) {
      const errorCode = coordinatorOf(context).heartbeat({
        groupId: body.groupId,
        generationId: body.generationId,
        memberId: body.memberId,
        groupInstanceId: body.groupInstanceId,
      });
      return { throttleTimeMs: 0, errorCode };
    },
  });
}

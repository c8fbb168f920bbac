import { ApiKey } from "../../../protocol/apis";
import { defineHandler } from "../api-handler";
import type { CoordinatorOf } from "./coordinator-of";

/** SyncGroup v0-5 (v5 adds the protocol type and name, checked against the group's). */
export function syncGroupHandler(coordinatorOf: CoordinatorOf) {
  return defineHandler({
    apiKey: ApiKey.SyncGroup,
    minVersion: 0,
    maxVersion: 5,
    async handle(context, body) {
      const result = await coordinatorOf(context).syncGroup({
        groupId: body.groupId,
        generationId: body.generationId,
        memberId: body.memberId,
        groupInstanceId: body.groupInstanceId,
        protocolType: body.protocolType,
        protocolName: body.protocolName,
        assignments: body.assignments.map((a) => ({ memberId: a.memberId, assignment: Buffer.from(a.assignment) })),
      });
      return { throttleTimeMs: 0, ...result };
    },
  });
}

import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { defineHandler } from "../api-handler";
import type { CoordinatorOf } from "./coordinator-of";

/** LeaveGroup v3 batched the members (KIP-345); before it, one member and its error at the top. */
const BATCHED_MEMBERS_VERSION = 3;

/** LeaveGroup v0-5. */
export function leaveGroupHandler(coordinatorOf: CoordinatorOf) {
  return defineHandler({
    apiKey: ApiKey.LeaveGroup,
    minVersion: 0,
    maxVersion: 5,
    handle(context, body) {
      const batched = context.apiVersion >= BATCHED_MEMBERS_VERSION;
      const members = batched
        ? body.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }))
        : [{ memberId: body.memberId, groupInstanceId: null }];
      const result = coordinatorOf(context).leaveGroup(body.groupId, members);
      if (batched) return { throttleTimeMs: 0, errorCode: result.errorCode, members: result.members };
      const memberError = result.members[0]?.errorCode ?? ErrorCode.NONE;
      return { throttleTimeMs: 0, errorCode: result.errorCode !== ErrorCode.NONE ? result.errorCode : memberError };
    },
  });
}

import { ApiKey } from "../../../protocol/apis";
import { defineHandler } from "../api-handler";
import { clientHostOf, type CoordinatorOf } from "./coordinator-of";

/** JoinGroup v4+ from a member without group.instance.id must first get MEMBER_ID_REQUIRED (KIP-394). */
const REQUIRE_KNOWN_MEMBER_ID_VERSION = 4;
/** JoinGroup v7 made ProtocolName nullable; older versions send "" for "none". */
const NULLABLE_PROTOCOL_NAME_VERSION = 7;

/** JoinGroup v0-9. v0 has no rebalance timeout: the session timeout stands in for it, as in Kafka. */
export function joinGroupHandler(coordinatorOf: CoordinatorOf) {
  return defineHandler({
    apiKey: ApiKey.JoinGroup,
    minVersion: 0,
    maxVersion: 9,
    async handle(context, body) {
      const version = context.apiVersion;
      const result = await coordinatorOf(context).joinGroup({
        groupId: body.groupId,
        memberId: body.memberId,
        groupInstanceId: body.groupInstanceId,
        clientId: context.clientId,
        clientHost: clientHostOf(context),
        sessionTimeoutMs: body.sessionTimeoutMs,
        rebalanceTimeoutMs: version === 0 ? body.sessionTimeoutMs : body.rebalanceTimeoutMs,
        protocolType: body.protocolType,
        // Copies: the decoded bytes are views into the request frame, and the group keeps them.
        protocols: body.protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })),
        requireKnownMemberId: version >= REQUIRE_KNOWN_MEMBER_ID_VERSION && body.groupInstanceId === null,
      });
      return {
        throttleTimeMs: 0,
        errorCode: result.errorCode,
        generationId: result.generationId,
        protocolType: result.protocolType,
        protocolName: version >= NULLABLE_PROTOCOL_NAME_VERSION ? result.protocolName : (result.protocolName ?? ""),
        leader: result.leader,
        skipAssignment: result.skipAssignment,
        memberId: result.memberId,
        members: result.members,
      };
    },
  });
}

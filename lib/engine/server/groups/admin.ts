import { ApiKey } from "../../../protocol/apis";
import { defineHandler } from "../api-handler";
import type { CoordinatorOf } from "./coordinator-of";

/**
 * Operations a group resource supports (READ 3, DELETE 6, DESCRIBE 8), as a bit field: with no
 * authorizer Kafka reports them all when DescribeGroups asks for authorized operations.
 */
const GROUP_AUTHORIZED_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);
/** AuthorizedOperations when not requested (Integer.MIN_VALUE). */
const OPERATIONS_NOT_REQUESTED = -2147483648;

/** DescribeGroups v0-5. */
export function describeGroupsHandler(coordinatorOf: CoordinatorOf) {
  return defineHandler({
    apiKey: ApiKey.DescribeGroups,
    minVersion: 0,
    maxVersion: 5,
    handle(context, body) {
      const coordinator = coordinatorOf(context);
      const authorizedOperations = body.includeAuthorizedOperations
        ? GROUP_AUTHORIZED_OPERATIONS
        : OPERATIONS_NOT_REQUESTED;
      return {
        throttleTimeMs: 0,
        groups: body.groups.map((groupId) => ({ ...coordinator.describeGroup(groupId), authorizedOperations })),
      };
    },
  });
}

/** ListGroups v0-5: the groups this broker coordinates (clients ask every broker). */
export function listGroupsHandler(coordinatorOf: CoordinatorOf) {
  return defineHandler({
    apiKey: ApiKey.ListGroups,
    minVersion: 0,
    maxVersion: 5,
    handle(context, body) {
      return { throttleTimeMs: 0, ...coordinatorOf(context).listGroups(body.statesFilter, body.typesFilter) };
    },
  });
}

/** DeleteGroups v0-2. */
export function deleteGroupsHandler(coordinatorOf: CoordinatorOf) {
  return defineHandler({
    apiKey: ApiKey.DeleteGroups,
    minVersion: 0,
    maxVersion: 2,
    handle(context, body) {
      const coordinator = coordinatorOf(context);
      return {
        throttleTimeMs: 0,
        results: body.groupsNames.map((groupId) => ({ groupId, errorCode: coordinator.deleteGroup(groupId) })),
      };
    },
  });
}

/** OffsetDelete v0. */
export function offsetDeleteHandler(coordinatorOf: CoordinatorOf) {
  return defineHandler({
    apiKey: ApiKey.OffsetDelete,
    minVersion: 0,
    maxVersion: 0,
    handle(context, body) {
      const result = coordinatorOf(context).deleteOffsets(
        body.groupId,
        body.topics.map((t) => ({ name: t.name, partitions: t.partitions })),
      );
      return { throttleTimeMs: 0, errorCode: result.errorCode, topics: result.topics };
    },
  });
}

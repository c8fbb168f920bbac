import type { ApiHandler } from "../api-handler";
import { deleteGroupsHandler, describeGroupsHandler, listGroupsHandler, offsetDeleteHandler } from "./admin";
import type { CoordinatorOf } from "./coordinator-of";
import { findCoordinatorHandler } from "./find-coordinator";
import { heartbeatHandler } from "./heartbeat";
import { joinGroupHandler } from "./join-group";
import { leaveGroupHandler } from "./leave-group";
import { offsetCommitHandler } from "./offset-commit";
import { offsetFetchHandler } from "./offset-fetch";
import { syncGroupHandler } from "./sync-group";

export type { CoordinatorOf } from "./coordinator-of";

/** The group APIs, for the router's handler table. */
export function groupHandlers(coordinatorOf: CoordinatorOf): ApiHandler[] {
  return [
    findCoordinatorHandler,
    joinGroupHandler(coordinatorOf),
    syncGroupHandler(coordinatorOf),
    heartbeatHandler(coordinatorOf),
    leaveGroupHandler(coordinatorOf),
    offsetCommitHandler(coordinatorOf),
    offsetFetchHandler(coordinatorOf),
    describeGroupsHandler(coordinatorOf),
    listGroupsHandler(coordinatorOf),
    deleteGroupsHandler(coordinatorOf),
    offsetDeleteHandler(coordinatorOf),
  ] as ApiHandler[];
}

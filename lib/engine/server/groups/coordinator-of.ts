import type { GroupCoordinator } from "../../groups";
import type { RequestContext } from "../api-handler";

/** How a group handler reaches the coordinator of the broker the request arrived at. */
export type CoordinatorOf = (context: RequestContext) => GroupCoordinator;

/**
 * Kafka reports a member's host as "/" + the client's IP (InetAddress.toString with no host
 * name); the connection knows "ip:port".
 */
export function clientHostOf(context: RequestContext): string {
  const address = context.connection.remoteAddress;
  const colon = address.lastIndexOf(":");
  return `/${colon > 0 ? address.slice(0, colon) : address}`;
}

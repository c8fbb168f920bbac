import type { Broker } from "../../broker/broker";
import type { BrokerExtension } from "../../cluster/embedded-cluster";
import type { Controller } from "../../controller/controller";
import { BrokerGroupCoordinator } from "../../groups/broker-groups";
import { groupHandlers } from ".";

/** A broker extension that also exposes its coordinator (tests, the console's embedded view). */
export interface GroupCoordinatorExtension extends BrokerExtension {
  readonly groups: BrokerGroupCoordinator;
}

/**
 * The consumer-group coordinator of one broker, as a BrokerExtension: started once the broker's
 * logs are open (it replays the __consumer_offsets partitions the broker leads), serving the group
 * APIs, stopped (parked JoinGroup/SyncGroup answered) before the broker closes its logs.
 */
export function groupCoordinatorExtension(broker: Broker, controller: Controller): GroupCoordinatorExtension {
  const groups = new BrokerGroupCoordinator(broker.id, broker.replicas, controller, broker.logger);
  groups.start();
  return { groups, handlers: groupHandlers(() => groups.coordinator), stop: () => groups.stop() };
}

export function isGroupCoordinatorExtension(extension: BrokerExtension): extension is GroupCoordinatorExtension {
  return extension instanceof Object && "groups" in extension && extension.groups instanceof BrokerGroupCoordinator;
}

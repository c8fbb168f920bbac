import type { BrokerRunState, BrokerStopImpact, BrokerStopMode, EmbeddedControl } from "../embedded-control";
import type { LeaderElectionApi, PartitionLeader } from "./leader-election";

/**
 * Stop and start an embedded broker and observe what followed, for the response and the audit
 * entry: which partitions it led and who leads them now. A clean stop moves leadership before it
 * returns (controlled shutdown); after a crash the controller notices only when the broker's
 * session times out, so the observation waits, bounded, for leadership to leave it.
 */
export const LEADERSHIP_MOVE_WAIT_MS = 5_000;
const POLL_MS = 100;

export interface BrokerStopOutcome {
  impact: BrokerStopImpact;
  state: BrokerRunState;
  /** The partitions it led, read back after the stop; null when no broker answered in time. */
  leadersAfter: PartitionLeader[] | null;
}

export interface BrokerStartOutcome {
  before: BrokerRunState;
  state: BrokerRunState;
}

function stateOf(control: EmbeddedControl, brokerId: number): BrokerRunState {
  const state = control.brokerStates().find((b) => b.id === brokerId);
  if (!state) throw new Error(`broker ${brokerId} vanished from the embedded cluster`);
  return state;
}

export async function stopBroker(
  control: EmbeddedControl,
  elections: LeaderElectionApi,
  brokerId: number,
  mode: BrokerStopMode,
): Promise<BrokerStopOutcome> {
  const impact = control.stopImpact(brokerId);
  await control.stopBroker(brokerId, mode);
  const led = impact.leadersMoving.map(({ topic, partition }) => ({ topic, partition }));
  // The broker is stopped from here on: reading the result must not fail the action. Connections
  // to the stopped broker fail once before the client moves to another broker, so reads retry.
  const deadline = Date.now() + LEADERSHIP_MOVE_WAIT_MS;
  let leadersAfter = await readLeaders(elections, led);
  while ((leadersAfter === null || leadersAfter.some((p) => p.leader === brokerId)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    leadersAfter = (await readLeaders(elections, led)) ?? leadersAfter;
  }
  return { impact, state: stateOf(control, brokerId), leadersAfter };
}

async function readLeaders(
  elections: LeaderElectionApi,
  partitions: { topic: string; partition: number }[],
): Promise<PartitionLeader[] | null> {
  try {
    return await elections.leaders(partitions);
  } catch {
    return null;
  }
}

export async function startBroker(control: EmbeddedControl, brokerId: number): Promise<BrokerStartOutcome> {
  const before = stateOf(control, brokerId);
  await control.startBroker(brokerId);
  return { before, state: stateOf(control, brokerId) };
}

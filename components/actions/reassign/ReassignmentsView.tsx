"use client";

import PreferredElection from "../elect/PreferredElection";
import OngoingReassignments from "./OngoingReassignments";
import ReassignmentPlanner, { type PlannerDefaults } from "./ReassignmentPlanner";

/** The Reassignments section: what is moving now, planning a move or an RF change, preferred leaders. */
export default function ReassignmentsView({ clusterId, defaults }: { clusterId: string; defaults: PlannerDefaults }) {
  return (
    <div className="space-y-8">
      <OngoingReassignments clusterId={clusterId} />
      <ReassignmentPlanner clusterId={clusterId} defaults={defaults} />
      <PreferredElection
        clusterId={clusterId}
        defaultTopic={defaults.topics.length === 1 ? defaults.topics[0] : undefined}
      />
    </div>
  );
}

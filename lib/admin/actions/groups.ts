import type { ProtocolClient } from "../wire/protocol-client";
import {
  applyPlan,
  deleteGroupNow,
  deleteOffsetsNow,
  prepareGroupDeletion,
  prepareOffsetDeletion,
} from "./groups-apply";
import { planReset, planRestore, type ResetRequest } from "./groups-reset";
import type { GroupState } from "./groups-state";
import type { AppliedOffsets, CommittedOffsetEntry, OffsetPlan } from "./groups-types";

/**
 * The consumer-group actions of one cluster (ClusterClient.groupActions). Every change comes in
 * two steps, so the console can refuse bad input before it records anything in the audit log:
 * a read that validates and plans (`plan*`, `prepare*`: 4xx errors, never a change), then the
 * change (`apply`, `delete*`), which the console runs inside its audit.
 * `onChange` runs after every change, applied or refused (the client refreshes its cached groups
 * list, so the next page load shows the change); the answer waits for it at most
 * CHANGE_REFRESH_WAIT_MS, after which the refresh goes on in the background.
 */
export const CHANGE_REFRESH_WAIT_MS = 5_000;

export class GroupActions {
  constructor(
    private readonly wire: ProtocolClient,
    private readonly onChange: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Dry run of a reset: every partition in scope, current → new offset, clamped, with the records re-read or skipped. */
  planReset(groupId: string, request: ResetRequest): Promise<OffsetPlan> {
    return planReset(this.wire, groupId, request);
  }

  /** Dry run of putting back `previous` (a restore point). */
  planRestore(groupId: string, previous: CommittedOffsetEntry[]): Promise<OffsetPlan> {
    return planRestore(this.wire, groupId, previous);
  }

  /** Commits a plan (GroupActionError "group_active" when it is blocked or a member joined meanwhile). */
  async apply(plan: OffsetPlan): Promise<AppliedOffsets> {
    try {
      return await applyPlan(this.wire, plan);
    } finally {
      await this.changed();
    }
  }

  private async changed(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, CHANGE_REFRESH_WAIT_MS)));
    await Promise.race([this.onChange().catch(() => undefined), cap]);
    clearTimeout(timer);
  }

  /** The group, checked to exist and have no members. */
  prepareGroupDeletion(groupId: string): Promise<GroupState> {
    return prepareGroupDeletion(this.wire, groupId);
  }

  async deleteGroup(groupId: string): Promise<void> {
    try {
      await deleteGroupNow(this.wire, groupId);
    } finally {
      await this.changed();
    }
  }

  /** The group's committed offsets of `topic` (GroupActionError "no_offsets" when there are none). */
  prepareOffsetDeletion(groupId: string, topic: string): Promise<CommittedOffsetEntry[]> {
    return prepareOffsetDeletion(this.wire, groupId, topic);
  }

  async deleteOffsets(groupId: string, entries: CommittedOffsetEntry[]): Promise<void> {
    try {
      await deleteOffsetsNow(this.wire, groupId, entries);
    } finally {
      await this.changed();
    }
  }
}

export type { ResetRequest } from "./groups-reset";
export type { GroupState } from "./groups-state";
export * from "./groups-types";
export { GroupActionError, isGroupActionError, type GroupActionErrorCode } from "./groups-errors";

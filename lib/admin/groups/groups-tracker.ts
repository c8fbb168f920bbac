import { AdminError, NotFoundError, UnsupportedByClusterError, featureFailure, ok, type Feature } from "../errors";
import type { ClusterSnapshot } from "../types";
import type { ProtocolClient } from "../wire/protocol-client";
import { CommittedOffsetsIndex } from "./committed-offsets-index";
import { ConsumerOffsetsReader } from "./consumer-offsets-reader";
import {
  describeAllGroups,
  describeGroups,
  fetchGroupOffsets,
  listAllGroups,
  type Described,
  type Listing,
} from "./group-listing";
import { partitionRows, summarize, topicConsumers } from "./group-rows";
import type { GroupDetail, GroupMember, GroupSummary, OffsetsSource, TopicConsumer } from "./group-types";
import { RecordTimestampCache, fillTimeLags } from "./time-lag";

/**
 * Keeps the cluster's consumer groups in memory: ListGroups on every broker (each broker lists the
 * groups it coordinates), DescribeGroups batched per coordinator, committed offsets from the
 * CommittedOffsetsIndex, and lag against the metadata snapshot's log end offsets. It runs in the
 * background (stale-while-revalidate, see KafkaClusterClient): a page load reads the last result and
 * never fans out to every group.
 */
export const OFFSET_FETCH_CONCURRENCY = 16;
/** Fetches spent on time lag per refresh; the rest are read on later refreshes. */
export const TIME_LAG_FETCHES_PER_REFRESH = 500;

export interface GroupsState {
  /** Sorted by group id. */
  groups: GroupSummary[];
  byId: Map<string, GroupSummary>;
  /** Ok, or why the cluster's groups cannot be listed. */
  listing: Feature<null>;
  source: OffsetsSource;
  fetchedAtMs: number;
}

export class GroupsTracker {
  readonly index = new CommittedOffsetsIndex();
  private readonly reader: ConsumerOffsetsReader;
  private readonly timestamps: RecordTimestampCache;
  private readerFailure: string | undefined;

  constructor(private readonly client: ProtocolClient) {
    this.reader = new ConsumerOffsetsReader(client, this.index);
    this.timestamps = new RecordTimestampCache(client);
  }

  async refresh(snapshot: ClusterSnapshot, nowMs = Date.now()): Promise<GroupsState> {
    let listings = new Map<string, Listing>();
    let listingError: unknown;
    try {
      listings = await listAllGroups(this.client, snapshot);
    } catch (error) {
      listingError = error;
    }
    const source = await this.updateOffsets(snapshot, listings, listingError === undefined);
    if (listingError !== undefined) {
      // Without ListGroups, the groups known from __consumer_offsets are still worth listing.
      if (source.kind !== "consumer_offsets") {
        return { groups: [], byId: new Map(), listing: featureFailure(listingError), source, fetchedAtMs: nowMs };
      }
      for (const groupId of this.index.groups()) listings.set(groupId, { coordinator: null, protocolType: "" });
    }
    const described = await describeAllGroups(this.client, listings);
    let budget = TIME_LAG_FETCHES_PER_REFRESH;
    const groups: GroupSummary[] = [];
    for (const [groupId, listing] of [...listings].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const info = described.get(groupId);
      const rows = partitionRows(snapshot, this.index, groupId, info?.members ?? []);
      budget -= await fillTimeLags(this.timestamps, snapshot, rows, nowMs, budget, false);
      groups.push(summarize(groupId, listing.coordinator, info, listing.protocolType, rows));
    }
    return { groups, byId: new Map(groups.map((g) => [g.groupId, g])), listing: ok(null), source, fetchedAtMs: nowMs };
  }

  /**
   * One group, read fresh: DescribeGroups + OffsetFetch for it alone, time lag for every lagging
   * partition. On a cluster without OffsetFetch the offsets come from __consumer_offsets.
   */
  async detail(snapshot: ClusterSnapshot, groupId: string, nowMs = Date.now()): Promise<GroupDetail> {
    let coordinator: number | null = null;
    let members: Feature<GroupMember[]>;
    let info: Described | undefined;
    try {
      coordinator = await this.client.findCoordinator(groupId);
      info = (await describeGroups(this.client, coordinator, [groupId])).get(groupId);
      members = ok(info?.members ?? []);
    } catch (error) {
      if (error instanceof AdminError && error.code === "unreachable") throw error;
      members = featureFailure(error);
    }
    await this.refreshGroupOffsets(snapshot, coordinator, groupId);
    const committed = this.index.offsetsOf(groupId);
    if ((!info || info.state === "Dead") && !committed) throw new NotFoundError("group", groupId);
    const rows = partitionRows(snapshot, this.index, groupId, info?.members ?? []);
    await fillTimeLags(this.timestamps, snapshot, rows, nowMs, Number.POSITIVE_INFINITY, true);
    const summary = summarize(groupId, coordinator, info, info?.protocolType ?? "", rows);
    return { summary, members, offsets: rows };
  }

  /** OffsetFetch for one group, or (cluster without it) a catch-up read of __consumer_offsets. */
  private async refreshGroupOffsets(snapshot: ClusterSnapshot, coordinator: number | null, groupId: string) {
    if (coordinator !== null) {
      try {
        this.index.replaceGroup(groupId, await fetchGroupOffsets(this.client, coordinator, groupId, snapshot));
        return;
      } catch (error) {
        if (!(error instanceof UnsupportedByClusterError)) throw error;
      }
    }
    if (this.readerFailure === undefined && ConsumerOffsetsReader.isAvailable(snapshot)) {
      await this.reader.poll(snapshot).catch((error: unknown) => {
        if (!(error instanceof AdminError)) throw error;
      });
    }
  }

  /**
   * Brings the index up to date: from __consumer_offsets when it can be read, else (fallback) an
   * OffsetFetch per group, run here in the background with bounded concurrency.
   */
  /** Groups with committed offsets on `topic`, from the index (no request to the cluster). */
  topicConsumers(snapshot: ClusterSnapshot, topic: string, state: GroupsState | undefined): TopicConsumer[] {
    return topicConsumers(snapshot, this.index, topic, state?.byId);
  }

  private async updateOffsets(
    snapshot: ClusterSnapshot,
    listings: Map<string, Listing>,
    listed: boolean,
  ): Promise<OffsetsSource> {
    if (this.readerFailure === undefined && ConsumerOffsetsReader.isAvailable(snapshot)) {
      try {
        const caughtUp = await this.reader.poll(snapshot);
        if (listed)
          for (const stale of this.index.groups().filter((g) => !listings.has(g))) this.index.removeGroup(stale);
        return { kind: "consumer_offsets", caughtUp };
      } catch (error) {
        this.readerFailure = error instanceof Error ? error.message : String(error);
      }
    }
    const groupIds = [...listings.keys()];
    let next = 0;
    const worker = async () => {
      while (next < groupIds.length) {
        const groupId = groupIds[next++]!;
        const coordinator = listings.get(groupId)!.coordinator;
        if (coordinator === null) continue;
        try {
          this.index.replaceGroup(groupId, await fetchGroupOffsets(this.client, coordinator, groupId, snapshot));
        } catch (error) {
          if (!(error instanceof AdminError)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: OFFSET_FETCH_CONCURRENCY }, worker));
    for (const stale of this.index.groups().filter((g) => !listings.has(g))) this.index.removeGroup(stale);
    return this.sourceNote();
  }

  private sourceNote(): OffsetsSource {
    return {
      kind: "offset_fetch",
      reason:
        this.readerFailure !== undefined
          ? `__consumer_offsets could not be read (${this.readerFailure}); offsets are fetched per group in the background`
          : "__consumer_offsets is not visible on this cluster; offsets are fetched per group in the background",
    };
  }
}

import { ApiKey } from "../protocol";
import { GroupActions } from "./actions/groups";
import { LeaderElectionApi } from "./actions/leader-election";
import { ReassignmentsApi } from "./actions/reassignment";
import { TopicActions } from "./actions/topics";
import type { ClusterConnectionSettings } from "./connection-settings";
import {
  AdminError,
  NotFoundError,
  UnsupportedByClusterError,
  feature,
  featureFailure,
  ok,
  type Feature,
} from "./errors";
import type { GroupDetail, OffsetsSource, TopicConsumer } from "./groups/group-types";
import { GroupsTracker, type GroupsState } from "./groups/groups-tracker";
import { buildOffsetsSample, type OffsetsSample } from "./history/offsets-sample";
import { KafkajsAdmin, type ConfigEntry } from "./kafkajs-admin";
import { MessagesApi } from "./messages";
import { Refreshing } from "./refreshing";
import { readClusterSnapshot } from "./snapshot";
import type { ClusterSnapshot, LogDirUsage, Timed } from "./types";
import { brokerList, type BrokerList, type BrokerRow } from "./views/brokers";
import { queryGroups, type GroupPage, type GroupQuery } from "./views/groups";
import { clusterOverview, type ClusterOverview } from "./views/overview";
import {
  queryTopics,
  topicDetail,
  topicRow,
  type TopicDetail,
  type TopicPage,
  type TopicQuery,
  type TopicRow,
} from "./views/topics";
import { ProtocolClient } from "./wire/protocol-client";

/**
 * ClusterClient: the only way the console's pages and route handlers reach a Kafka cluster.
 * Every list is served from an in-memory snapshot refreshed in the background (see Refreshing),
 * so a page load costs no request to the cluster once the snapshot is warm, whatever its size.
 */
export const SNAPSHOT_REFRESH_MS = 10_000;
export const SNAPSHOT_MAX_STALE_MS = 5 * 60_000;
export const GROUPS_REFRESH_MS = 15_000;
export const GROUPS_MAX_STALE_MS = 5 * 60_000;

export type ConnectionTest =
  | { ok: true; clusterId: string | null; brokers: number; controllerId: number | null; latencyMs: number }
  | { ok: false; code: AdminError["code"]; message: string };

export interface BrokerDetail {
  broker: BrokerRow;
  logDirs: Feature<LogDirUsage | null>;
  configs: Feature<ConfigEntry[]>;
}

export interface TopicDetailView extends TopicDetail {
  consumers: Feature<TopicConsumer[]>;
  /** Where the consumers panel's offsets come from, and how fresh they are. */
  consumersSource: OffsetsSource | null;
}

export interface GroupsView extends GroupPage {
  listing: Feature<null>;
  source: OffsetsSource;
}

export interface ClusterClient {
  readonly id: string;
  testConnection(): Promise<ConnectionTest>;
  overview(): Promise<Timed<ClusterOverview>>;
  brokers(): Promise<Timed<BrokerList>>;
  broker(brokerId: number): Promise<Timed<BrokerDetail>>;
  topics(query: TopicQuery): Promise<Timed<TopicPage>>;
  topic(name: string): Promise<Timed<TopicDetailView>>;
  topicConfigs(name: string): Promise<Feature<ConfigEntry[]>>;
  consumerGroups(query: GroupQuery): Promise<Timed<GroupsView>>;
  consumerGroup(groupId: string): Promise<Timed<GroupDetail>>;
  /** A fresh read of every offset for the lag-history sampler (waits for new figures; throws when unreachable). */
  sampleOffsets(): Promise<OffsetsSample>;
  /** Browse, search, tail and produce messages (lib/admin/messages). */
  readonly messages: MessagesApi;
  /** Create, delete, grow, reconfigure and purge topics (lib/admin/actions/topics.ts). */
  readonly topicActions: TopicActions;
  /** Reset, restore and delete consumer group offsets; delete groups (lib/admin/actions/groups.ts). */
  readonly groupActions: GroupActions;
  /** Plan, execute, follow and cancel partition reassignments (lib/admin/actions/reassignment.ts). */
  readonly reassignments: ReassignmentsApi;
  /** Preferred leader election (lib/admin/actions/leader-election.ts). */
  readonly leaderElections: LeaderElectionApi;
  /** Drops cached figures and connections. */
  close(): Promise<void>;
}

/**
 * Opens fresh connections (never pooled ones) and asks for Metadata: what the "Test connection"
 * button reports, with the reason when nothing answered.
 */
export async function testClusterConnection(settings: ClusterConnectionSettings): Promise<ConnectionTest> {
  const started = Date.now();
  const probe = new ProtocolClient(settings);
  try {
    const metadata = await probe.metadata([]);
    const ids = new Set(metadata.brokers.map((b) => b.nodeId));
    return {
      ok: true,
      clusterId: metadata.clusterId ?? null,
      brokers: metadata.brokers.length,
      controllerId: ids.has(metadata.controllerId) ? metadata.controllerId : null,
      latencyMs: Date.now() - started,
    };
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
    return { ok: false, code: error.code, message: error.message };
  } finally {
    await probe.close();
  }
}

/** Topic rows derived from one snapshot, computed once per snapshot (and group index version). */
interface RowsCache {
  snapshot: ClusterSnapshot;
  groups: GroupsState | undefined;
  rows: TopicRow[];
}

export class KafkaClusterClient implements ClusterClient {
  private readonly wire: ProtocolClient;
  private readonly kafkajs: KafkajsAdmin;
  private readonly tracker: GroupsTracker;
  private readonly snapshot: Refreshing<ClusterSnapshot>;
  private readonly groups: Refreshing<GroupsState>;
  private rowsCache: RowsCache | undefined;
  readonly messages: MessagesApi;
  readonly topicActions: TopicActions;
  readonly groupActions: GroupActions;
  readonly reassignments: ReassignmentsApi;
  readonly leaderElections: LeaderElectionApi;
  lastUsedMs = Date.now();

  constructor(readonly settings: ClusterConnectionSettings) {
    this.wire = new ProtocolClient(settings);
    this.kafkajs = new KafkajsAdmin(settings);
    this.tracker = new GroupsTracker(this.wire);
    this.messages = new MessagesApi(this.wire, settings);
    this.topicActions = new TopicActions({
      wire: this.wire,
      describeConfigs: (topic) => this.requiredConfigs(topic),
      changed: () => this.refreshAfterChange(),
    });
    this.groupActions = new GroupActions(this.wire, () => this.refreshGroupsAfterChange());
    this.reassignments = new ReassignmentsApi(this.wire, () => this.refreshAfterChange());
    this.leaderElections = new LeaderElectionApi(this.wire, () => this.refreshAfterChange());
    this.snapshot = new Refreshing(() => readClusterSnapshot(this.wire), {
      refreshMs: SNAPSHOT_REFRESH_MS,
      maxStaleMs: SNAPSHOT_MAX_STALE_MS,
    });
    this.groups = new Refreshing(async () => this.tracker.refresh((await this.snapshot.get()).data), {
      refreshMs: GROUPS_REFRESH_MS,
      maxStaleMs: GROUPS_MAX_STALE_MS,
    });
  }

  get id(): string {
    return this.settings.id;
  }

  private timed<T>(value: T, atMs: number, source: Refreshing<unknown>): Timed<T> {
    this.lastUsedMs = Date.now();
    return {
      value,
      fetchedAt: new Date(atMs).toISOString(),
      ageMs: Math.max(0, Date.now() - atMs),
      refreshError: source.lastError?.message ?? null,
    };
  }

  testConnection(): Promise<ConnectionTest> {
    return testClusterConnection(this.settings);
  }

  async overview(): Promise<Timed<ClusterOverview>> {
    const { data, atMs } = await this.snapshot.get();
    return this.timed(clusterOverview(data), atMs, this.snapshot);
  }

  async brokers(): Promise<Timed<BrokerList>> {
    const { data, atMs } = await this.snapshot.get();
    return this.timed(brokerList(data), atMs, this.snapshot);
  }

  async broker(brokerId: number): Promise<Timed<BrokerDetail>> {
    const { data, atMs } = await this.snapshot.get();
    const broker = brokerList(data).brokers.find((b) => b.id === brokerId);
    if (!broker) throw new NotFoundError("broker", String(brokerId));
    const logDirs: Feature<LogDirUsage | null> =
      data.logDirs.status === "ok" ? ok(data.logDirs.value.find((u) => u.brokerId === brokerId) ?? null) : data.logDirs;
    const configs = await this.describeConfigs("broker", String(brokerId));
    return this.timed({ broker, logDirs, configs }, atMs, this.snapshot);
  }

  private topicRows(snapshot: ClusterSnapshot): TopicRow[] {
    const groups = this.groups.peek()?.data;
    const cached = this.rowsCache;
    if (cached && cached.snapshot === snapshot && cached.groups === groups) return cached.rows;
    const listed = groups?.listing.status === "ok";
    const rows = snapshot.topics.map((t) => topicRow(t, listed ? this.tracker.index.groupCountOf(t.name) : null));
    this.rowsCache = { snapshot, groups, rows };
    return rows;
  }

  /** Starts a groups refresh when due without waiting for it (list pages never wait on groups). */
  private warmGroups(): void {
    this.groups.get().catch(() => undefined);
  }

  async topics(query: TopicQuery): Promise<Timed<TopicPage>> {
    const { data, atMs } = await this.snapshot.get();
    this.warmGroups();
    return this.timed(queryTopics(this.topicRows(data), query), atMs, this.snapshot);
  }

  async topic(name: string): Promise<Timed<TopicDetailView>> {
    const { data, atMs } = await this.snapshot.get();
    const topic = data.topicsByName.get(name);
    if (!topic) throw new NotFoundError("topic", name);
    let consumers: Feature<TopicConsumer[]>;
    let consumersSource: OffsetsSource | null = null;
    try {
      const groups = (await this.groups.get()).data;
      consumersSource = groups.source;
      consumers =
        groups.listing.status === "ok"
          ? ok(this.tracker.topicConsumers(data, name, groups))
          : (groups.listing as Feature<TopicConsumer[]>);
    } catch (error) {
      consumers = featureFailure(error);
    }
    const detail = topicDetail(data, topic, consumers.status === "ok" ? consumers.value.length : null);
    return this.timed({ ...detail, consumers, consumersSource }, atMs, this.snapshot);
  }

  async topicConfigs(name: string): Promise<Feature<ConfigEntry[]>> {
    const { data } = await this.snapshot.get();
    if (!data.topicsByName.has(name)) throw new NotFoundError("topic", name);
    return this.describeConfigs("topic", name);
  }

  private async describeConfigs(kind: "topic" | "broker", name: string): Promise<Feature<ConfigEntry[]>> {
    return feature(async () => {
      // kafkajs cannot tell "unsupported" from "unreachable controller"; ask the wire first.
      const connection = await this.wire.anyConnection();
      if (!connection.supports(ApiKey.DescribeConfigs)) throw new UnsupportedByClusterError("DescribeConfigs");
      return this.kafkajs.describeConfigs(kind, name);
    });
  }

  /** A topic's configs, or the failure thrown (an action cannot go on without them). */
  private async requiredConfigs(topic: string): Promise<ConfigEntry[]> {
    const configs = await this.describeConfigs("topic", topic);
    if (configs.status === "ok") return configs.value;
    throw configs.status === "unsupported"
      ? new UnsupportedByClusterError(configs.api)
      : new AdminError(configs.code, configs.message);
  }

  async consumerGroups(query: GroupQuery): Promise<Timed<GroupsView>> {
    const { data, atMs } = await this.groups.get();
    const page = queryGroups(data.groups, query);
    return this.timed({ ...page, listing: data.listing, source: data.source }, atMs, this.groups);
  }

  async consumerGroup(groupId: string): Promise<Timed<GroupDetail>> {
    const { data } = await this.snapshot.get();
    const started = Date.now();
    const detail = await this.tracker.detail(data, groupId, started);
    return this.timed(detail, started, this.snapshot);
  }

  /**
   * After the console changed the cluster, the next page load must show it: waits for a snapshot
   * whose read started after the change (a refresh already under way may predate it). A failed
   * refresh keeps the old snapshot, whose age and error the views show.
   */
  private async refreshAfterChange(): Promise<void> {
    const changedAtMs = Date.now();
    try {
      const snapshot = await this.snapshot.refresh();
      if (snapshot.fetchedAtMs - snapshot.fetchMs < changedAtMs) await this.snapshot.refresh();
    } catch {
      // The views say the last refresh failed.
    }
  }

  /** After a group action: a groups list read after the change (as refreshAfterChange does for the snapshot). */
  private async refreshGroupsAfterChange(): Promise<void> {
    const changedAtMs = Date.now();
    try {
      const groups = await this.groups.refresh();
      if (groups.fetchedAtMs < changedAtMs) await this.groups.refresh();
    } catch {
      // The views say the last refresh failed.
    }
  }

  async sampleOffsets(): Promise<OffsetsSample> {
    // refresh(), not get(): a sample must never be a cached snapshot, or the history would repeat it.
    const snapshot = await this.snapshot.refresh();
    const groups = await this.groups.refresh();
    return buildOffsetsSample(snapshot, groups, this.tracker.index);
  }

  async close(): Promise<void> {
    await Promise.all([this.wire.close(), this.kafkajs.close()]);
  }

  /** Closes connections idle for `idleMs` (the cached figures stay). */
  async closeIdleConnections(idleMs: number): Promise<void> {
    await this.wire.closeIdle(idleMs);
    if (Date.now() - this.lastUsedMs >= idleMs) await this.kafkajs.close();
  }
}

/**
 * The console's reverse index of committed offsets: group → topic → partition → offset, and
 * topic → groups. It answers "which groups read this topic, and how far behind are they" without
 * asking every group on each page load (the O(all groups) fan-out every other console does).
 * It is fed either incrementally from `__consumer_offsets` (ConsumerOffsetsReader) or, where that
 * topic cannot be read, by a background OffsetFetch per group (GroupsTracker).
 */
export interface CommittedOffset {
  offset: number;
  /** When the group committed it (ms), -1 when the source does not say. */
  commitTimestampMs: number;
  metadata: string;
}

export type TopicOffsets = Map<number, CommittedOffset>;
export type GroupOffsets = Map<string, TopicOffsets>;

export class CommittedOffsetsIndex {
  private readonly byGroup = new Map<string, GroupOffsets>();
  private readonly groupsByTopic = new Map<string, Set<string>>();

  /** Sets (value) or deletes (null, a tombstone) one committed offset. */
  applyOffset(group: string, topic: string, partition: number, value: CommittedOffset | null): void {
    let offsets = this.byGroup.get(group);
    if (value === null) {
      const topicOffsets = offsets?.get(topic);
      if (!offsets || !topicOffsets) return;
      topicOffsets.delete(partition);
      if (topicOffsets.size === 0) this.dropTopic(group, offsets, topic);
      return;
    }
    if (!offsets) this.byGroup.set(group, (offsets = new Map()));
    let topicOffsets = offsets.get(topic);
    if (!topicOffsets) {
      offsets.set(topic, (topicOffsets = new Map()));
      let groups = this.groupsByTopic.get(topic);
      if (!groups) this.groupsByTopic.set(topic, (groups = new Set()));
      groups.add(group);
    }
    topicOffsets.set(partition, value);
  }

  /** Replaces everything known about `group` (a fresh OffsetFetch answer). */
  replaceGroup(group: string, offsets: GroupOffsets): void {
    this.removeGroup(group);
    for (const [topic, partitions] of offsets) {
      for (const [partition, value] of partitions) this.applyOffset(group, topic, partition, value);
    }
  }

  removeGroup(group: string): void {
    const offsets = this.byGroup.get(group);
    if (!offsets) return;
    for (const topic of [...offsets.keys()]) this.dropTopic(group, offsets, topic);
  }

  offsetsOf(group: string): GroupOffsets | undefined {
    return this.byGroup.get(group);
  }

  /** Groups with a committed offset on `topic`, sorted. */
  groupsOf(topic: string): string[] {
    return [...(this.groupsByTopic.get(topic) ?? [])].sort();
  }

  groupCountOf(topic: string): number {
    return this.groupsByTopic.get(topic)?.size ?? 0;
  }

  groups(): string[] {
    return [...this.byGroup.keys()];
  }

  private dropTopic(group: string, offsets: GroupOffsets, topic: string): void {
    offsets.delete(topic);
    if (offsets.size === 0) this.byGroup.delete(group);
    const groups = this.groupsByTopic.get(topic);
    groups?.delete(group);
    if (groups?.size === 0) this.groupsByTopic.delete(topic);
  }
}

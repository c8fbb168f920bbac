/**
 * Replication throttles the way Kafka's kafka-reassign-partitions sets them: a rate on every
 * broker taking part (dynamic broker configs leader.replication.throttled.rate and
 * follower.replication.throttled.rate, bytes/s), and per topic the replicas it applies to
 * (leader.replication.throttled.replicas = the current replicas that serve the copy,
 * follower.replication.throttled.replicas = the replicas being added), each as
 * "partition:broker,partition:broker". Removed again when the reassignment completes or is
 * cancelled.
 */
export const LEADER_THROTTLED_RATE = "leader.replication.throttled.rate";
export const FOLLOWER_THROTTLED_RATE = "follower.replication.throttled.rate";
export const LEADER_THROTTLED_REPLICAS = "leader.replication.throttled.replicas";
export const FOLLOWER_THROTTLED_REPLICAS = "follower.replication.throttled.replicas";

/** Smallest throttle accepted: below 1 KB/s a copy would never finish (Kafka accepts any long). */
export const MIN_THROTTLE_BYTES_PER_SEC = 1_024;

export interface ThrottleMove {
  topic: string;
  partition: number;
  current: readonly number[];
  proposed: readonly number[];
}

export interface ThrottlePlan {
  /** Brokers that get the two rate configs. */
  brokers: number[];
  /** Topic → its two *.throttled.replicas values. */
  topics: Map<string, { leader: string; follower: string }>;
}

export function throttlePlan(moves: readonly ThrottleMove[]): ThrottlePlan {
  const brokers = new Set<number>();
  const leaders = new Map<string, string[]>();
  const followers = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, topic: string, entry: string) => {
    const list = map.get(topic);
    if (list) list.push(entry);
    else map.set(topic, [entry]);
  };
  for (const m of moves) {
    const adding = m.proposed.filter((b) => !m.current.includes(b));
    if (adding.length === 0) continue;
    for (const b of m.current) {
      brokers.add(b);
      push(leaders, m.topic, `${m.partition}:${b}`);
    }
    for (const b of adding) {
      brokers.add(b);
      push(followers, m.topic, `${m.partition}:${b}`);
    }
  }
  const topics = new Map<string, { leader: string; follower: string }>();
  for (const [topic, list] of leaders) {
    topics.set(topic, { leader: list.join(","), follower: (followers.get(topic) ?? []).join(",") });
  }
  return { brokers: [...brokers].sort((a, b) => a - b), topics };
}

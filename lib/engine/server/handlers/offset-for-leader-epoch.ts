import { ApiKey } from "../../../protocol/apis";
import { offsetForLeaderEpoch } from "../../broker/offsets";
import { defineHandler } from "../api-handler";

/** OffsetForLeaderEpoch v0-4: consumers' log-truncation check after a leader change (KIP-320). */
export const offsetForLeaderEpochHandler = defineHandler({
  apiKey: ApiKey.OffsetForLeaderEpoch,
  minVersion: 0,
  maxVersion: 4,
  handle({ broker, apiVersion }, body) {
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => ({
          partition: p.partition,
          ...offsetForLeaderEpoch(
            broker.replicas,
            t.topic,
            p.partition,
            apiVersion >= 2 ? p.currentLeaderEpoch : -1,
            p.leaderEpoch,
          ),
        })),
      })),
    };
  },
});

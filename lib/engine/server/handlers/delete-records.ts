import { ApiKey } from "../../../protocol/apis";
import { deleteRecords } from "../../broker/offsets";
import { defineHandler } from "../api-handler";

/** DeleteRecords v0-2: raises each partition's log start offset. */
export const deleteRecordsHandler = defineHandler({
  apiKey: ApiKey.DeleteRecords,
  minVersion: 0,
  maxVersion: 2,
  handle({ broker }, body) {
    return {
      throttleTimeMs: 0,
      topics: body.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          ...deleteRecords(broker.replicas, t.name, p.partitionIndex, p.offset),
        })),
      })),
    };
  },
});

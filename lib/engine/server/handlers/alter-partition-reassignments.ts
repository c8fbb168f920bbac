import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { defineHandler } from "../api-handler";

/**
 * AlterPartitionReassignments v0: per partition, `replicas` is the target assignment or null to
 * cancel the reassignment in progress (controller/reassignment.ts has the transitions). The call
 * returns once the reassignment is recorded; the data moves in the background.
 */
export const alterPartitionReassignmentsHandler = defineHandler({
  apiKey: ApiKey.AlterPartitionReassignments,
  minVersion: 0,
  maxVersion: 0,
  handle({ broker }, body) {
    const controller = broker.controller;
    const responses = body.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const r = controller.alterPartitionReassignment(t.name, p.partitionIndex, p.replicas);
        return { partitionIndex: p.partitionIndex, errorCode: r.errorCode, errorMessage: r.errorMessage };
      }),
    }));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, responses };
  },
});

import { ApiKey } from "../../../protocol/apis";
import { ErrorCode } from "../../../protocol/error-codes";
import { defineHandler } from "../api-handler";

/** DescribeLogDirs v0-4: this broker's log dir, partition sizes in bytes, volume totals (v4+). */
export const describeLogDirsHandler = defineHandler({
  apiKey: ApiKey.DescribeLogDirs,
  minVersion: 0,
  maxVersion: 4,
  handle({ broker }, body) {
    const filter = body.topics === null ? null : body.topics.map((t) => ({ topic: t.topic, partitions: t.partitions }));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, results: broker.describeLogDirs(filter) };
  },
});

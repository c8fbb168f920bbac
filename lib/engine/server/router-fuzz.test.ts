import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey, type RequestInput } from "../../protocol/apis";
import { encodeRequest } from "../../protocol/frames";
import { ProtocolError } from "../../protocol/protocol-error";
import { encodeRecordBatch } from "../../protocol/records/record-batch";
import { CloseConnection, type ConnectionContext } from "./connection";
import { createRequestRouter } from "./request-router";
import { startTestCluster, type TestCluster } from "./test-support";
import { prng } from "../../protocol/testing/prng";

const MUTATIONS_PER_REQUEST = 300;

/**
 * Mutated versions of valid requests go straight into a broker's router. Each must end in a
 * response, no response, a ProtocolError (the client's fault: the connection is closed) or a
 * deliberate CloseConnection — never another exception, which would mean the broker itself
 * mishandled decodable input.
 */
describe("request router with mutated requests", () => {
  let t: TestCluster;
  const connection: ConnectionContext = { id: 0, remoteAddress: "fuzz" };

  beforeAll(async () => {
    t = await startTestCluster();
  });
  afterAll(async () => t?.stop());

  const samples = (): Array<[string, Buffer]> => {
    const records = encodeRecordBatch({ records: [{ key: Buffer.from("k"), value: Buffer.from("v") }] });
    const request = <K extends ApiKey>(apiKey: K, apiVersion: number, body: RequestInput<K>): Buffer =>
      encodeRequest({ apiKey, apiVersion, correlationId: 1, clientId: "fuzz" }, body).subarray(4);
    return [
      ["Metadata", request(ApiKey.Metadata, 9, { topics: [{ name: "fuzz" }], allowAutoTopicCreation: false })],
      [
        "CreateTopics",
        request(ApiKey.CreateTopics, 5, {
          topics: [
            {
              name: "fuzz",
              numPartitions: 2,
              replicationFactor: 1,
              assignments: [],
              configs: [{ name: "retention.ms", value: "1000" }],
            },
          ],
          timeoutMs: 100,
        }),
      ],
      [
        "Produce",
        request(ApiKey.Produce, 9, {
          acks: 1,
          timeoutMs: 100,
          topicData: [{ name: "fuzz", partitionData: [{ index: 0, records }] }],
        }),
      ],
      [
        "Fetch",
        request(ApiKey.Fetch, 12, {
          maxWaitMs: 0,
          minBytes: 1,
          maxBytes: 1000,
          isolationLevel: 0,
          topics: [{ topic: "fuzz", partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1000 }] }],
        }),
      ],
      [
        "ListOffsets",
        request(ApiKey.ListOffsets, 7, {
          replicaId: -1,
          isolationLevel: 0,
          topics: [{ name: "fuzz", partitions: [{ partitionIndex: 0, timestamp: 5n }] }],
        }),
      ],
      [
        "IncrementalAlterConfigs",
        request(ApiKey.IncrementalAlterConfigs, 1, {
          resources: [
            {
              resourceType: 2,
              resourceName: "fuzz",
              configs: [{ name: "cleanup.policy", configOperation: 2, value: "compact" }],
            },
          ],
          validateOnly: true,
        }),
      ],
      [
        "CreatePartitions",
        request(ApiKey.CreatePartitions, 2, {
          topics: [{ name: "fuzz", count: 3, assignments: null }],
          timeoutMs: 100,
          validateOnly: true,
        }),
      ],
      [
        "DeleteRecords",
        request(ApiKey.DeleteRecords, 2, {
          topics: [{ name: "fuzz", partitions: [{ partitionIndex: 0, offset: 0n }] }],
          timeoutMs: 100,
        }),
      ],
      [
        "DescribeConfigs",
        request(ApiKey.DescribeConfigs, 4, {
          resources: [{ resourceType: 4, resourceName: "0", configurationKeys: null }],
          includeSynonyms: true,
          includeDocumentation: false,
        }),
      ],
    ];
  };

  it("never fails other than with a ProtocolError, and the broker keeps working", async () => {
    const { handler } = createRequestRouter(t.cluster.brokers[0]!.broker, new AbortController().signal);
    const random = prng(20261122);
    const unexpected: string[] = [];
    for (const [name, frame] of samples()) {
      for (let i = 0; i < MUTATIONS_PER_REQUEST; i++) {
        const mutated = Buffer.from(frame);
        const flips = 1 + Math.floor(random() * 4);
        for (let f = 0; f < flips; f++) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
        const cut = random() < 0.2 ? mutated.subarray(0, Math.floor(random() * mutated.length)) : mutated;
        try {
          await handler(cut, connection);
        } catch (err) {
          if (!(err instanceof ProtocolError) && !(err instanceof CloseConnection))
            unexpected.push(`${name} #${i}: ${(err as Error).stack ?? String(err)}`);
        }
      }
    }
    expect(unexpected.slice(0, 3)).toEqual([]);
    const after = await handler(samples()[0]![1], connection);
    expect(after).toBeInstanceOf(Buffer);
  });
});

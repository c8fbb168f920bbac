import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKey, type RequestInput } from "../../../protocol/apis";
import { decodeRequest, encodeRequest, encodeResponse } from "../../../protocol/frames";
import { ProtocolError } from "../../../protocol/protocol-error";
import { NO_RESPONSE, type ApiHandler, type RequestContext } from "../api-handler";
import { groupHandlers } from ".";
import { startGroupsTestCluster, type GroupsTestCluster } from "./test-support";
import { prng } from "../../../protocol/testing/prng";

const MUTATIONS_PER_REQUEST = 200;
/** A handler may legitimately park (JoinGroup, SyncGroup): wait this long, then move on. */
const PARK_WAIT_MS = 5;

let t: GroupsTestCluster;
beforeAll(async () => {
  t = await startGroupsTestCluster({ brokerConfig: { "group.initial.rebalance.delay.ms": "0" } });
});
afterAll(async () => t?.stop());

function samples(): Array<[string, Buffer]> {
  const request = <K extends ApiKey>(apiKey: K, apiVersion: number, body: RequestInput<K>): Buffer =>
    encodeRequest({ apiKey, apiVersion, correlationId: 1, clientId: "fuzz" }, body).subarray(4);
  const protocols = [{ name: "range", metadata: Buffer.from([0, 1, 0, 0, 0, 1, 0, 1, 116, 255, 255, 255, 255]) }];
  return [
    [
      "JoinGroup",
      request(ApiKey.JoinGroup, 5, {
        groupId: "fz",
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 100,
        memberId: "",
        groupInstanceId: null,
        protocolType: "consumer",
        protocols,
      }),
    ],
    [
      "JoinGroup v9",
      request(ApiKey.JoinGroup, 9, {
        groupId: "fz9",
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 100,
        memberId: "",
        groupInstanceId: "i",
        protocolType: "consumer",
        protocols,
        reason: "r",
      }),
    ],
    [
      "SyncGroup",
      request(ApiKey.SyncGroup, 5, {
        groupId: "fz",
        generationId: 1,
        memberId: "m",
        groupInstanceId: null,
        protocolType: "consumer",
        protocolName: "range",
        assignments: [{ memberId: "m", assignment: Buffer.from([1, 2]) }],
      }),
    ],
    [
      "Heartbeat",
      request(ApiKey.Heartbeat, 4, { groupId: "fz", generationId: 1, memberId: "m", groupInstanceId: null }),
    ],
    [
      "LeaveGroup",
      request(ApiKey.LeaveGroup, 5, {
        groupId: "fz",
        members: [{ memberId: "m", groupInstanceId: "i", reason: null }],
      }),
    ],
    [
      "OffsetCommit",
      request(ApiKey.OffsetCommit, 8, {
        groupId: "fz",
        generationIdOrMemberEpoch: -1,
        memberId: "",
        groupInstanceId: null,
        topics: [
          {
            name: "t",
            partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: 1, committedMetadata: "m" }],
          },
        ],
      }),
    ],
    [
      "OffsetCommit v2",
      request(ApiKey.OffsetCommit, 2, {
        groupId: "fz",
        generationIdOrMemberEpoch: -1,
        memberId: "",
        retentionTimeMs: 1000n,
        topics: [{ name: "t", partitions: [{ partitionIndex: 0, committedOffset: 5n, committedMetadata: null }] }],
      }),
    ],
    [
      "OffsetFetch",
      request(ApiKey.OffsetFetch, 8, {
        groups: [
          { groupId: "fz", topics: null },
          { groupId: "x", topics: [{ name: "t", partitionIndexes: [0, 1] }] },
        ],
        requireStable: false,
      }),
    ],
    [
      "OffsetFetch v1",
      request(ApiKey.OffsetFetch, 1, { groupId: "fz", topics: [{ name: "t", partitionIndexes: [0] }] }),
    ],
    ["DescribeGroups", request(ApiKey.DescribeGroups, 5, { groups: ["fz", "x"], includeAuthorizedOperations: true })],
    ["ListGroups", request(ApiKey.ListGroups, 5, { statesFilter: ["Stable"], typesFilter: ["classic"] })],
    ["DeleteGroups", request(ApiKey.DeleteGroups, 2, { groupsNames: ["fz", "x"] })],
    [
      "OffsetDelete",
      request(ApiKey.OffsetDelete, 0, { groupId: "fz", topics: [{ name: "t", partitions: [{ partitionIndex: 0 }] }] }),
    ],
    ["FindCoordinator", request(ApiKey.FindCoordinator, 4, { keyType: 0, coordinatorKeys: ["fz", "x"] })],
  ];
}

/**
 * Mutated group requests go straight into the group handlers. Each must end in a response that
 * encodes (or stay parked, as JoinGroup/SyncGroup may), or fail to decode with a ProtocolError
 * (the client's fault) — never throw anything else, which would be a broker bug.
 */
describe("group handlers with mutated requests", () => {
  it.each(samples())("%s", async (_name, frame) => {
    const handlers = new Map<number, ApiHandler>(
      groupHandlers(() => t.coordinators[0]!.coordinator).map((h) => [h.apiKey, h]),
    );
    const broker = t.cluster.brokers[0]!.broker;
    const random = prng(frame.length);
    let handled = 0;
    for (let i = 0; i < MUTATIONS_PER_REQUEST; i++) {
      const mutated = Buffer.from(frame);
      const flips = 1 + Math.floor(random() * 3);
      for (let f = 0; f < flips; f++)
        mutated[10 + Math.floor(random() * (mutated.length - 10))] = Math.floor(random() * 256);
      let request;
      try {
        request = decodeRequest(mutated);
      } catch (err) {
        expect(err).toBeInstanceOf(ProtocolError);
        continue;
      }
      const handler = handlers.get(request.apiKey)!;
      const context: RequestContext = {
        broker,
        apiVersion: request.apiVersion,
        clientId: "fuzz",
        connection: { id: 1, remoteAddress: "127.0.0.1:1" },
        shutdown: new AbortController().signal,
      };
      const result = handler.handle(context, request.body as never);
      const body =
        result instanceof Promise
          ? await Promise.race([result, new Promise((r) => setTimeout(() => r(undefined), PARK_WAIT_MS))])
          : result;
      if (body !== undefined && body !== NO_RESPONSE)
        encodeResponse(request.apiKey, request.apiVersion, 1, body as never);
      handled++;
    }
    expect(handled).toBeGreaterThan(0);
  });
});

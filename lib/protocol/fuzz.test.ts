import { describe, expect, it } from "vitest";
import { API_SCHEMAS, type ApiKey } from "./apis";
import { decodeSubscription, ConsumerProtocolSubscription, encodeVersionedPayload } from "./consumer-protocol";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from "./frames";
import { ProtocolError } from "./protocol-error";
import type { MessageInput, MessageDecl } from "./schema/declaration";
import { parseVersions } from "./schema/versions";
import { Random, generateMessage } from "./testing/random-values";

/**
 * Fuzz: valid frames of every API, mutated (flipped bytes, truncation, extension, huge lengths,
 * random insertions) plus purely random frames. Decoding may succeed or throw a ProtocolError
 * raised by the codec itself (no converted RangeError/TypeError, which would carry a `cause`);
 * anything that decodes must re-encode; heap use stays bounded.
 */
const FRAMES_PER_RUN = 100_000;
const MAX_HEAP_GROWTH_BYTES = 256 * 1024 * 1024;

interface Seed {
  kind: "request" | "response" | "subscription";
  apiKey: ApiKey;
  apiVersion: number;
  frame: Buffer;
}

function buildCorpus(random: Random): Seed[] {
  const corpus: Seed[] = [];
  for (const key of Object.keys(API_SCHEMAS)) {
    const apiKey = Number(key) as ApiKey;
    const { request, response } = API_SCHEMAS[apiKey];
    const { min, max } = parseVersions(request.validVersions);
    for (let apiVersion = min; apiVersion <= max; apiVersion++) {
      const [reqBody] = generateMessage(request, apiVersion, random);
      const [respBody] = generateMessage(response, apiVersion, random);
      const header = { apiKey, apiVersion, correlationId: random.int(0, 1000), clientId: "fuzz" };
      const requestFrame = encodeRequest(header, reqBody as never).subarray(4);
      const responseFrame = encodeResponse(apiKey, apiVersion, 1, respBody as never).subarray(4);
      corpus.push({ kind: "request", apiKey, apiVersion, frame: requestFrame });
      corpus.push({ kind: "response", apiKey, apiVersion, frame: responseFrame });
    }
  }
  for (let version = 0; version <= 3; version++) {
    const [value] = generateMessage(ConsumerProtocolSubscription, version, random);
    const frame = encodeVersionedPayload(ConsumerProtocolSubscription, version, value as MessageInput<MessageDecl>);
    corpus.push({ kind: "subscription", apiKey: 0, apiVersion: version, frame });
  }
  return corpus;
}

const HUGE_LENGTHS = ["7fffffff", "ffffffff", "80000000", "7fff", "ffff", "ffffffff0f", "feffffff07"];

function mutate(frame: Buffer, random: Random): Buffer {
  const copy = Buffer.from(frame);
  const at = random.int(0, Math.max(0, copy.length - 1));
  switch (random.int(0, 5)) {
    case 0: // flip a few bytes
      for (let i = random.int(1, 4); i > 0 && copy.length > 0; i--)
        copy[random.int(0, copy.length - 1)] = random.int(0, 255);
      return copy;
    case 1: // truncate
      return copy.subarray(0, random.int(0, copy.length));
    case 2: // extend with garbage
      return Buffer.concat([copy, random.bytes(random.int(1, 16))]);
    case 3: {
      // plant a huge length or count
      const huge = Buffer.from(HUGE_LENGTHS[random.int(0, HUGE_LENGTHS.length - 1)]!, "hex");
      huge.copy(copy, at);
      return copy;
    }
    case 4: // insert random bytes in the middle
      return Buffer.concat([copy.subarray(0, at), random.bytes(random.int(1, 8)), copy.subarray(at)]);
    default: // entirely random frame
      return random.bytes(random.int(0, 64));
  }
}

/** Decodes, and re-encodes what decoded: "ok", "rejected" (a codec ProtocolError) or the unexpected error. */
function exercise(seed: Seed, frame: Buffer): unknown {
  try {
    if (seed.kind === "request") {
      const request = decodeRequest(frame);
      const { correlationId, clientId } = request.header;
      encodeRequest(
        { apiKey: request.apiKey, apiVersion: request.apiVersion, correlationId, clientId },
        request.body as never,
      );
    } else if (seed.kind === "response") {
      const response = decodeResponse(seed.apiKey, seed.apiVersion, frame);
      encodeResponse(seed.apiKey, response.bodyVersion, response.correlationId, response.body as never);
    } else {
      decodeSubscription(frame);
    }
    return "ok";
  } catch (error) {
    if (error instanceof ProtocolError && error.cause === undefined) return "rejected";
    return error;
  }
}

describe("fuzzing the codec", () => {
  it(`${FRAMES_PER_RUN} mutated and random frames only ever yield ProtocolErrors, with bounded memory`, () => {
    const random = new Random(20261121);
    const corpus = buildCorpus(random);
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const failures: string[] = [];
    const outcomes = { ok: 0, rejected: 0 };
    for (let i = 0; i < FRAMES_PER_RUN; i++) {
      const seed = corpus[random.int(0, corpus.length - 1)]!;
      const frame = mutate(seed.frame, random);
      const outcome = exercise(seed, frame);
      if (outcome === "ok" || outcome === "rejected") outcomes[outcome]++;
      else if (failures.length < 5) {
        failures.push(
          `${seed.kind} ${seed.apiKey} v${seed.apiVersion} ${frame.toString("hex").slice(0, 120)}: ${String(outcome)}`,
        );
      }
      if (i % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(failures).toEqual([]);
    expect(peak - baseline).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    // Sanity: the mutations are not all trivially rejected, nor all harmless.
    expect(outcomes.ok).toBeGreaterThan(FRAMES_PER_RUN / 100);
    expect(outcomes.rejected).toBeGreaterThan(FRAMES_PER_RUN / 2);
  });
});

import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { AdminError } from "../errors";

/**
 * The client side of SCRAM-SHA-256/512 (RFC 5802, RFC 7677) as Kafka's SaslAuthenticate carries
 * it: client-first → server-first → client-final → server-final. No channel binding ("n,,").
 */
export type ScramHash = "sha256" | "sha512";

/** The server's iteration count must be at least this (Kafka's own minimum is 4096). */
export const SCRAM_MIN_ITERATIONS = 4096;
const CLIENT_NONCE_BYTES = 24;

/** RFC 5802 §5.1: "=" and "," in the user name are escaped as =3D and =2C. */
function saslName(username: string): string {
  return username.replace(/=/g, "=3D").replace(/,/g, "=2C");
}

function parseAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(",")) {
    const eq = part.indexOf("=");
    if (eq === 1) attributes.set(part.slice(0, 1), part.slice(2));
  }
  return attributes;
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

export class ScramClient {
  private readonly clientFirstBare: string;
  private serverSignature: Buffer | undefined;

  constructor(
    private readonly hash: ScramHash,
    username: string,
    private readonly password: string,
    /** Fixed only in tests (RFC 7677's example); random otherwise. */
    private readonly clientNonce: string = randomBytes(CLIENT_NONCE_BYTES).toString("base64"),
  ) {
    this.clientFirstBare = `n=${saslName(username)},r=${this.clientNonce}`;
  }

  clientFirst(): Buffer {
    return Buffer.from(`n,,${this.clientFirstBare}`, "utf8");
  }

  /** Answers the server-first message with the client proof. */
  clientFinal(serverFirst: Buffer): Buffer {
    const text = serverFirst.toString("utf8");
    const attributes = parseAttributes(text);
    const nonce = attributes.get("r");
    const salt = attributes.get("s");
    const iterations = Number(attributes.get("i"));
    if (attributes.has("e")) throw new AdminError("auth_failed", `SCRAM: the server refused: ${attributes.get("e")}`);
    if (!nonce?.startsWith(this.clientNonce) || salt === undefined || !Number.isInteger(iterations)) {
      throw new AdminError("auth_failed", "SCRAM: the server's first message is malformed");
    }
    if (iterations < SCRAM_MIN_ITERATIONS) {
      throw new AdminError("auth_failed", `SCRAM: the server asks for only ${iterations} iterations`);
    }
    const keyLength = this.hash === "sha256" ? 32 : 64;
    const saltedPassword = pbkdf2Sync(this.password, Buffer.from(salt, "base64"), iterations, keyLength, this.hash);
    const clientKey = createHmac(this.hash, saltedPassword).update("Client Key").digest();
    const storedKey = createHash(this.hash).update(clientKey).digest();
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${text},${withoutProof}`;
    const clientSignature = createHmac(this.hash, storedKey).update(authMessage).digest();
    const serverKey = createHmac(this.hash, saltedPassword).update("Server Key").digest();
    this.serverSignature = createHmac(this.hash, serverKey).update(authMessage).digest();
    const proof = xor(clientKey, clientSignature).toString("base64");
    return Buffer.from(`${withoutProof},p=${proof}`, "utf8");
  }

  /** Verifies the server-final message, proving the server knows the password too. */
  verifyServerFinal(serverFinal: Buffer): void {
    const attributes = parseAttributes(serverFinal.toString("utf8"));
    if (attributes.has("e")) throw new AdminError("auth_failed", `SCRAM: the server refused: ${attributes.get("e")}`);
    const signature = Buffer.from(attributes.get("v") ?? "", "base64");
    const expected = this.serverSignature;
    if (!expected || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new AdminError("auth_failed", "SCRAM: the server's signature does not match");
    }
  }
}

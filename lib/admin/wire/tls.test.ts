import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testClusterConnection } from "../cluster-client";
import { startTestEmbeddedCluster, type TestCluster } from "../testing/test-clusters";

/**
 * The TLS path of Pier's protocol client (security.protocol=SSL), end to end: a TLS terminator
 * with a fresh self-signed certificate (openssl) in front of an embedded broker's plaintext port.
 * The connection test only needs the bootstrap broker, so the broker's plaintext advertised
 * address does not matter here.
 */
describe("TLS connections", () => {
  let dir: string;
  let cert: string;
  let cluster: TestCluster;
  let terminator: tls.Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pier-tls-test-"));
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=pier-test",
      "-addext", "subjectAltName=IP:127.0.0.1",
      "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
    ], { stdio: "ignore" }); // prettier-ignore
    cert = readFileSync(path.join(dir, "cert.pem"), "utf8");
    cluster = await startTestEmbeddedCluster(1);
    const [host, brokerPort] = cluster.bootstrapServers[0]!.split(":");
    terminator = tls.createServer({ key: readFileSync(path.join(dir, "key.pem")), cert }, (secure) => {
      const plain = net.connect(Number(brokerPort), host);
      secure.pipe(plain).pipe(secure);
      secure.on("error", () => plain.destroy());
      plain.on("error", () => secure.destroy());
    });
    await new Promise<void>((resolve) => terminator.listen(0, "127.0.0.1", resolve));
    port = (terminator.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => terminator?.close(resolve));
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const settings = (tlsSettings: { ca?: string; rejectUnauthorized: boolean }) => ({
    id: "tls",
    bootstrapServers: [`127.0.0.1:${port}`],
    securityProtocol: "SSL" as const,
    tls: tlsSettings,
  });

  it("connects when the cluster's CA is trusted", async () => {
    expect(await testClusterConnection(settings({ ca: cert, rejectUnauthorized: true }))).toMatchObject({
      ok: true,
      brokers: 1,
    });
  });

  it("refuses an untrusted certificate with a TLS error, unless told to accept any", async () => {
    const refused = await testClusterConnection(settings({ rejectUnauthorized: true }));
    expect(refused).toMatchObject({ ok: false, code: "auth_failed", message: expect.stringMatching(/TLS handshake/) });
    expect(await testClusterConnection(settings({ rejectUnauthorized: false }))).toMatchObject({ ok: true });
  });
});

import { describe, expect, it } from "vitest";
import { AdminError } from "../errors";
import { ScramClient } from "./sasl-scram";

// RFC 7677, section 3: the SCRAM-SHA-256 exchange for user "user", password "pencil".
const CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
const SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const CLIENT_FINAL =
  "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

describe("SCRAM client", () => {
  it("reproduces RFC 7677's SCRAM-SHA-256 exchange", () => {
    const client = new ScramClient("sha256", "user", "pencil", CLIENT_NONCE);
    expect(client.clientFirst().toString()).toBe(`n,,n=user,r=${CLIENT_NONCE}`);
    expect(client.clientFinal(Buffer.from(SERVER_FIRST)).toString()).toBe(CLIENT_FINAL);
    expect(() => client.verifyServerFinal(Buffer.from(SERVER_FINAL))).not.toThrow();
  });

  it("rejects a server that does not know the password", () => {
    const client = new ScramClient("sha256", "user", "pencil", CLIENT_NONCE);
    client.clientFinal(Buffer.from(SERVER_FIRST));
    expect(() => client.verifyServerFinal(Buffer.from("v=AAAA"))).toThrow(AdminError);
  });

  it("rejects a nonce that does not extend ours, too few iterations and server errors", () => {
    const client = new ScramClient("sha512", "a=b,c", "pw", CLIENT_NONCE);
    expect(client.clientFirst().toString()).toBe(`n,,n=a=3Db=2Cc,r=${CLIENT_NONCE}`);
    expect(() => client.clientFinal(Buffer.from("r=other,s=AAAA,i=4096"))).toThrow(/malformed/);
    expect(() => client.clientFinal(Buffer.from(`r=${CLIENT_NONCE}x,s=AAAA,i=10`))).toThrow(/iterations/);
    expect(() => client.clientFinal(Buffer.from("e=unknown-user"))).toThrow(/refused/);
  });
});

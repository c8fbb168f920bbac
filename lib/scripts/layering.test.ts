import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layering of ARCHITECTURE.md is enforced by eslint.config.mjs; these cases prove each rule
 * fires on a violation and stays quiet on allowed imports (a rule that cannot fail guards nothing).
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("layering lint rules", () => {
  it("keeps lib/protocol free of I/O and of the rest of lib/", async () => {
    const file = "lib/protocol/example/x.ts";
    expect(await restrictedImports(file, 'import net from "node:net";\nexport const a = net;\n')).toHaveLength(1);
    expect(await restrictedImports(file, 'import fs from "fs";\nexport const a = fs;\n')).toHaveLength(1);
    expect(await restrictedImports(file, 'import { a } from "../../engine/log";\nexport const b = a;\n')).toHaveLength(
      1,
    );
    expect(await restrictedImports(file, 'import { a } from "@/lib/config/env";\nexport const b = a;\n')).toHaveLength(
      1,
    );
    expect(await restrictedImports(file, 'import { a } from "../primitives/varint";\nexport const b = a;\n')).toEqual(
      [],
    );
    expect(await restrictedImports(file, 'import { a } from "@/lib/util/bytes";\nexport const b = a;\n')).toEqual([]);
    expect(await restrictedImports(file, 'import zlib from "node:zlib";\nexport const b = zlib;\n')).toEqual([]);
  });

  it("keeps engine domain code from importing the server", async () => {
    const source = 'import { a } from "../server/listener";\nexport const b = a;\n';
    for (const folder of ["log", "broker", "controller", "groups"]) {
      expect(await restrictedImports(`lib/engine/${folder}/x.ts`, source)).toHaveLength(1);
    }
    expect(
      await restrictedImports("lib/engine/server/x.ts", 'import { a } from "../broker/x";\nexport const b = a;\n'),
    ).toEqual([]);
  });

  it("keeps network code out of the broker's domain code: the replica fetchers are injected", async () => {
    const broker = "lib/engine/broker/x.ts";
    const replication = "lib/engine/replication/x.ts";
    const net = 'import net from "node:net";\nexport const a = net;\n';
    expect(await restrictedImports(broker, net)).toHaveLength(1);
    expect(await restrictedImports(broker, 'import { a } from "../replication";\nexport const b = a;\n')).toHaveLength(
      1,
    );
    expect(
      await restrictedImports(replication, 'import { a } from "../server/x";\nexport const b = a;\n'),
    ).toHaveLength(1);
    expect(await restrictedImports(replication, net)).toEqual([]);
    expect(await restrictedImports(replication, 'import { a } from "../broker/x";\nexport const b = a;\n')).toEqual([]);
  });

  it("keeps app/ and components/ away from kafkajs, the engine and the protocol", async () => {
    for (const file of ["app/page.tsx", "components/x/Y.tsx"]) {
      expect(await restrictedImports(file, 'import { Kafka } from "kafkajs";\nexport const a = Kafka;\n')).toHaveLength(
        1,
      );
      expect(
        await restrictedImports(file, 'import { a } from "@/lib/engine/log";\nexport const b = a;\n'),
      ).toHaveLength(1);
      expect(await restrictedImports(file, 'import { a } from "@/lib/protocol";\nexport const b = a;\n')).toHaveLength(
        1,
      );
      expect(await restrictedImports(file, 'import { a } from "@/lib/admin/client";\nexport const b = a;\n')).toEqual(
        [],
      );
    }
  });
});

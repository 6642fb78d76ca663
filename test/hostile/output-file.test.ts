import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { nodeIo } from "../../src/cli/node-io.js";

// `-o FILE` on a real file system: a hostile input must never truncate or half-write the output
// file, nor leave a temp file behind. stdout/stderr are captured; files go through the real Io.

const corpus = join(import.meta.dirname, "corpus");
let dir = "";

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const io: Io = {
    ...nodeIo,
    writeStdout: async (t) => void (out.stdout += t),
    writeStderr: async (t) => void (out.stderr += t),
  };
  return { code: await main(argv, io), ...out };
}

describe("-o FILE with hostile input, on a real file system", () => {
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kz-out-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const bad of ["port-65536.yaml", "binary-garbage.yaml", "alias-bomb.yaml", "svc-name-newline.yaml"]) {
    it(`a failing run on ${bad} leaves the existing file byte for byte and no temp file`, async () => {
      const target = join(dir, "rules.txt");
      writeFileSync(target, "previous rules\n");
      const r = await run(["compile", join(corpus, bad), "-o", target, "--node-name", "node-a"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")).toHaveLength(2);
      expect(readFileSync(target, "utf8")).toBe("previous rules\n");
      expect(readdirSync(dir)).toEqual(["rules.txt"]);
    });
  }

  it("a failing run does not create the output file when it did not exist", async () => {
    const r = await run(["compile", join(corpus, "cluster-ip-999.yaml"), "-o", join(dir, "new.txt")]);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a succeeding run replaces the file whole and leaves no temp file", async () => {
    const target = join(dir, "rules.txt");
    writeFileSync(target, "previous rules\n");
    const r = await run(["compile", join(corpus, "annotation-hostile.yaml"), "-o", target, "--node-name", "node-a"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(target, "utf8")).toMatch(/^\*filter\n[\s\S]*COMMIT\n$/);
    expect(readdirSync(dir)).toEqual(["rules.txt"]);
  });

  it("an output path in a missing directory is one clean error line", async () => {
    const r = await run(["compile", join(corpus, "annotation-hostile.yaml"), "-o", join(dir, "no/such/dir/rules.txt")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kprc: .*rules\.txt.*\n$/);
  });

  it("an input path that is a directory is one clean error line", async () => {
    const r = await run(["compile", dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toHaveLength(2);
  });
});

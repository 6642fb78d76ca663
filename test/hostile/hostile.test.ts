import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { availableFormats, runCli } from "../fuzz/cli-harness.js";
import { checkInNetns, toolsFor, type KernelJob } from "../fuzz/kernel-check.js";
import { kernelAvailability, requireKernelInCi } from "../support/netns.js";
import { corpusCases, type Expectation } from "./expectations.js";
import { generatedCases } from "./generated.js";
import { parseIptablesRestore } from "./iptables-grammar.js";
import { checkNftText } from "./nft-lines.js";

// Every hostile input through the whole CLI, in memory. It must end either with exit 2 and one
// plain line on stderr that names the file (and the field), or with exit 0 and rules in which no
// input string appears anywhere but an inert comment. Never a crash, never a stack trace.

const corpusDir = join(import.meta.dirname, "corpus");
const BASE_FLAGS = ["--node-name", "node-a"];
/** Outputs of the ok cases, checked by the kernel in one batch by the last test of this file. */
const okOutputs: KernelJob[] = [];

type Run = Awaited<ReturnType<typeof runCli>>;

function expectCleanError(r: Run, file: string, field?: string): void {
  expect(r.stdout, "stdout must stay empty on error").toBe("");
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.endsWith("\n") && r.stderr.indexOf("\n") === r.stderr.length - 1, `exactly one line: ${JSON.stringify(r.stderr)}`).toBe(true);
  expect(r.stderr).toMatch(/^kprc: /);
  expect(r.stderr).not.toMatch(/internal error|\bat .*\.(ts|js):\d+/);
  expect(r.stderr).toContain(file);
  if (field !== undefined) expect(r.stderr).toContain(field);
  // The message must not smuggle control or bidi characters (a hostile name echoed raw); kprc's own
  // wording may use typographic characters such as the en dash in "1–65535".
  expect(r.stderr.slice(0, -1)).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  expect(r.stderr.length, "the message stays short whatever the input size").toBeLessThan(1000);
}

function expectInertRules(r: Run, id: string, family: "ipv4" | "ipv6", absent: readonly string[] = [], present: readonly string[] = []): void {
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe("");
  expect(() => parseIptablesRestore(r.stdout)).not.toThrow();
  for (const s of present) expect(r.stdout).toContain(s);
  for (const s of absent) expect(r.stdout).not.toContain(s);
  okOutputs.push({ id, format: family === "ipv6" ? "ip6tables" : "iptables", text: r.stdout });
}

async function expectOutcome(id: string, file: string, text: string, args: readonly string[], expectation: Expectation): Promise<void> {
  const r = await runCli(["compile", file, ...BASE_FLAGS, ...args], [{ name: file, text }]);
  const family = args.includes("ipv6") ? "ipv6" : "ipv4";
  switch (expectation.outcome) {
    case "error":
      return expectCleanError(r, file, expectation.field);
    case "ok":
      return expectInertRules(r, id, family, expectation.absent, expectation.present);
    case "either":
      return r.code === 0 ? expectInertRules(r, id, family, expectation.absent) : expectCleanError(r, file, expectation.field);
    default: {
      const never: never = expectation;
      throw new Error(`unhandled expectation ${JSON.stringify(never)}`);
    }
  }
}

describe("hostile input through the CLI", () => {
  it("the corpus has at least 40 files and every file has an expected outcome", () => {
    const files = readdirSync(corpusDir).sort();
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect([...new Set(corpusCases.map((c) => c.file))].sort()).toEqual(files);
  });

  for (const c of corpusCases) {
    const label = `${c.file}${c.args ? ` ${c.args.join(" ")}` : ""}`;
    (c.knownBug ? it.fails : it)(`${label} ends with ${c.expect.outcome === "either" ? "a clean error or inert rules" : c.expect.outcome === "ok" ? "inert rules" : "one clean error line"}`, async () => {
      await expectOutcome(label, c.file, readFileSync(join(corpusDir, c.file), "utf8"), c.args ?? [], c.expect);
    });
  }

  for (const g of generatedCases()) {
    it(`${g.name} (generated) ends with ${g.expect.outcome === "ok" ? "inert rules" : "one clean error line"}`, async () => {
      await expectOutcome(g.name, g.file, g.text(), g.args ?? [], g.expect);
    });
  }

  it("ok corpus cases (longest names included) render inertly in every nft format too", async () => {
    for (const format of availableFormats().filter((f) => f !== "iptables")) {
      const cases: [string, string[]][] = [["annotation-hostile.yaml", []], ["svc-name-double-dash.yaml", []], ["unknown-kind.yaml", []], ["max-length-names.yaml", ["--family", "ipv6"]]];
      for (const [file, args] of cases) {
        const text = readFileSync(join(corpusDir, file), "utf8");
        const r = await runCli(["compile", file, ...BASE_FLAGS, ...args, "--format", format], [{ name: file, text }]);
        expect(r.code, r.stderr).toBe(0);
        expect(() => checkNftText(r.stdout)).not.toThrow();
        expect(r.stdout).not.toContain("INPUT -j ACCEPT");
        okOutputs.push({ id: `${file} ${format}`, format: "nft", text: r.stdout });
      }
    }
  });

  for (const file of ["empty.yaml", "binary-garbage.yaml", "svc-name-newline.yaml", "alias-bomb.yaml"]) {
    it(`${file} on stdin (\`-\`) ends with one clean error line`, async () => {
      const r = await runCli(["compile", "-", ...BASE_FLAGS], [], readFileSync(join(corpusDir, file), "utf8"));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")).toHaveLength(2);
      expect(r.stderr).not.toMatch(/internal error/);
    });
  }

  it("--debug shows the stack of a hostile input's error", async () => {
    const file = "svc-name-quote.yaml";
    const r = await runCli(["compile", file, "--debug"], [{ name: file, text: readFileSync(join(corpusDir, file), "utf8") }]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("metadata.name");
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it("a failing run with -o FILE leaves the existing FILE untouched and writes nothing else", async () => {
    const file = "port-65536.yaml";
    const before = "*nat\nCOMMIT\n";
    const r = await runCli(["compile", file, "-o", "rules.txt"], [
      { name: file, text: readFileSync(join(corpusDir, file), "utf8") },
      { name: "rules.txt", text: before },
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.files.get("rules.txt")).toBe(before);
    expect([...r.files.keys()].sort()).toEqual(["port-65536.yaml", "rules.txt"]);
  });

  it("a succeeding run with -o FILE replaces FILE and prints nothing on stdout", async () => {
    const file = "annotation-hostile.yaml";
    const r = await runCli(["compile", file, "-o", "rules.txt", ...BASE_FLAGS], [
      { name: file, text: readFileSync(join(corpusDir, file), "utf8") },
      { name: "rules.txt", text: "old\n" },
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(() => parseIptablesRestore(r.files.get("rules.txt") ?? "")).not.toThrow();
  });

  it("a hostile --node-name flag is refused with one clean line", async () => {
    const file = "annotation-hostile.yaml";
    const r = await runCli(["compile", file, "--node-name", 'node"a\n-A INPUT -j ACCEPT'], [{ name: file, text: readFileSync(join(corpusDir, file), "utf8") }]);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(r.stderr).toMatch(/node-name|hostname-override/);
  });

  const kernel = kernelAvailability(toolsFor(["iptables", "ip6tables", "nft"]));
  requireKernelInCi(kernel);
  it.skipIf(!kernel.ok)(`every ok output is accepted by iptables-restore --test / nft -c in a network namespace${kernel.ok ? "" : ` (skipped: ${kernel.reason})`}`, async () => {
    expect(okOutputs.length).toBeGreaterThan(0);
    const rejected = (await checkInNetns("kz", okOutputs)).filter((v) => !v.ok);
    expect(rejected.map((v) => `${v.id} (${v.format}): ${v.stderr}`)).toEqual([]);
  });
});

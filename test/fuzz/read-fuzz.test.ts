import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { settingsArgs, validCase } from "../support/arbitraries.js";
import { runCli } from "./cli-harness.js";
import { compileAllFormats } from "./pipeline.js";
import { singleFile } from "./sources.js";

// `kprc trace` and `kprc diff` read rule dumps from a node, which can be anything: kprc's own output
// damaged by random edits (a quote, a newline, a cut) must end with exit 0, 1 (diff found
// differences) or 2 and one line — never an internal error (exit 3) or a stack trace.

const numRuns = Number(process.env.KPRC_PROPERTY_RUNS ?? 60);
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  kind: fc.constantFrom("insert", "delete", "truncate", "duplicate-line", "replace-token"),
  text: fc.constantFrom('"', "\n", " ", "-", "!", "\\", "é", "\u0000", "[", ":", "/", "-j", "--probability", "0.5", "*nat\n", "COMMIT\n", ":KUBE-X - [0:0]\n", "99999999999999999999"),
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(text: string, edits: readonly Edit[]): string {
  let t = text;
  for (const e of edits) {
    const i = Math.floor(e.at * (t.length + 1));
    switch (e.kind) {
      case "insert":
        t = t.slice(0, i) + e.text + t.slice(i);
        break;
      case "delete":
        t = t.slice(0, i) + t.slice(i + e.text.length);
        break;
      case "truncate":
        t = t.slice(0, i);
        break;
      case "duplicate-line": {
        const start = t.lastIndexOf("\n", i - 1) + 1;
        const end = t.indexOf("\n", i);
        t = t.slice(0, end < 0 ? t.length : end + 1) + t.slice(start, end < 0 ? t.length : end + 1) + t.slice(end < 0 ? t.length : end + 1);
        break;
      }
      case "replace-token": {
        const end = t.indexOf(" ", i);
        t = t.slice(0, i) + e.text + (end < 0 ? "" : t.slice(end));
        break;
      }
    }
  }
  return t;
}

function expectNoCrash(r: { code: number; stdout: string; stderr: string }, what: string): void {
  expect([0, 1, 2], `${what}: exit ${r.code}: ${r.stderr}`).toContain(r.code);
  if (r.code === 2) {
    expect(r.stdout, what).toBe("");
    expect(r.stderr.split("\n"), `${what}: ${r.stderr}`).toHaveLength(2);
  }
  expect(r.stderr, what).not.toMatch(/internal error|\n\s+at /);
}

describe("reading rule dumps back", () => {
  it("kprc diff finds no differences between a snapshot and the rules kprc compiled from it", async () => {
    await fc.assert(
      fc.asyncProperty(validCase({ maxServices: 4 }), async (c) => {
        const [snapshot] = singleFile(c.objects);
        const compiled = await runCli(["compile", snapshot!.name, ...settingsArgs(c.settings)], [snapshot!]);
        const r = await runCli(["diff", "--expected", snapshot!.name, "--live", "live.txt", ...settingsArgs(c.settings)], [snapshot!, { name: "live.txt", text: compiled.stdout }]);
        expect(r.code, r.stdout + r.stderr).toBe(0);
      }),
      { numRuns: Math.ceil(numRuns / 2) },
    );
  });

  it("kprc trace on kprc's own output with random edits ends cleanly", async () => {
    await fc.assert(
      fc.asyncProperty(validCase({ maxServices: 3 }), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.constantFrom("iptables", "nft"), async (c, edits, format) => {
        const text = compileAllFormats(singleFile(c.objects), c.settings)[format];
        if (text === undefined) return;
        const damaged = applyEdits(text, edits);
        const dst = c.settings.family === "ipv6" ? "[fd00:96::1]:80" : "10.96.0.1:80";
        const r = await runCli(["trace", "rules.txt", "--dst", dst], [{ name: "rules.txt", text: damaged }]);
        expectNoCrash(r, `trace (${format}) with ${JSON.stringify(edits)}`);
      }),
      { numRuns },
    );
  });

  it("kprc diff against a damaged live dump ends cleanly", async () => {
    await fc.assert(
      fc.asyncProperty(validCase({ maxServices: 3 }), fc.array(edit, { minLength: 1, maxLength: 4 }), async (c, edits) => {
        const [snapshot] = singleFile(c.objects);
        const text = compileAllFormats([snapshot!], c.settings).iptables!;
        const r = await runCli(
          ["diff", "--expected", snapshot!.name, "--live", "live.txt", ...settingsArgs(c.settings)],
          [snapshot!, { name: "live.txt", text: applyEdits(text, edits) }],
        );
        expectNoCrash(r, `diff with ${JSON.stringify(edits)}`);
      }),
      { numRuns },
    );
  });
});

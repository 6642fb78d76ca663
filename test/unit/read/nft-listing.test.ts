import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Ruleset } from "../../../src/model/ruleset.js";
import { parseNft } from "../../../src/read/nft.js";
import { ruleKey } from "../../../src/read/rule-key.js";
import { kernelAvailability, requireKernelInCi, withNetns } from "../../support/netns.js";

// `nft list ruleset` prints what the kernel holds in its own syntax (`meta mark & … == …`,
// `ct state ! established,related`, `timeout 3h`, `priority filter; policy accept;`). Reading that
// back must give the same rules as reading the file that was loaded.

function meaning(ruleset: Ruleset): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const table of ruleset.tables) {
    for (const chain of table.chains) out[`${table.name} ${chain.name}${chain.builtin ? " (built-in)" : ""}`] = chain.rules.map(ruleKey);
  }
  return out;
}

const goldenDir = new URL("../../../golden/", import.meta.url);
const stored = new URL("../../../fixtures/node-dumps/nft/", import.meta.url);

describe("parseNft reads nft list ruleset output", () => {
  it("reads a stored listing of golden/session-affinity.nft as the same rules as the file", () => {
    const loaded = readFileSync(new URL("session-affinity.nft", stored), "utf8");
    const listed = readFileSync(new URL("session-affinity.nft-list", stored), "utf8");
    expect(meaning(parseNft(listed))).toEqual(meaning(parseNft(loaded)));
  });

  it("reads the listing's spelling of marks, negated states and timeouts", () => {
    const listed = parseNft(readFileSync(new URL("session-affinity.nft-list", stored), "utf8"));
    const nat = listed.tables.find((t) => t.name === "nat")!;
    const post = nat.chains.find((c) => c.name === "KUBE-POSTROUTING")!.rules;
    expect(post[0]?.matches).toEqual([{ kind: "mark", value: 0x4000, mask: 0x4000, negate: true }]);
    expect(post[1]?.target).toEqual({ kind: "mark", op: "xor", value: 0x4000 });
    const rcheck = nat.chains.flatMap((c) => c.rules.flatMap((r) => r.matches)).find((m) => m.kind === "recent" && m.mode === "rcheck");
    expect(rcheck).toMatchObject({ kind: "recent", mode: "rcheck", reap: true });
    expect([600, 1800, 10800]).toContain(rcheck?.kind === "recent" ? rcheck.seconds : undefined);
  });

  const kernel = kernelAvailability(["ip", "nft"]);
  requireKernelInCi(kernel);
  const goldens = readdirSync(goldenDir).filter((f) => f.endsWith(".nft") || f.endsWith(".nft-kube")).sort();
  it.skipIf(!kernel.ok)(`reads back every golden .nft file after the kernel loaded it (${kernel.reason ?? "in a network namespace"})`, async () => {
    expect(goldens.length).toBeGreaterThan(0);
    for (const file of goldens) {
      const text = readFileSync(new URL(file, goldenDir), "utf8");
      const listed = await withNetns("kr", (ns) => {
        ns.run("nft", ["-f", "-"], text);
        return ns.run("nft", ["list", "ruleset"]);
      });
      expect(listed.status, `${file}: ${listed.stderr}`).toBe(0);
      expect(meaning(parseNft(listed.stdout)), file).toEqual(meaning(parseNft(text)));
    }
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Ruleset } from "../../../src/model/ruleset.js";
import { parseIptablesSave } from "../../../src/read/iptables-save.js";
import { ruleKey } from "../../../src/read/rule-key.js";
import { kernelAvailability, requireKernelInCi, withNetns } from "../../support/netns.js";

// What iptables-save prints differs from what kprc writes (addresses first with /32, probabilities
// with 11 decimals, --set-xmark, `--reject-with`, recent's `--mask … --rsource`). Loading every golden
// file into a throw-away namespace and reading iptables-save's output back must give the same rules.

function meaning(ruleset: Ruleset): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const table of ruleset.tables) {
    for (const chain of table.chains) {
      // iptables-save lists every built-in chain, kprc writes only those it adds rules to.
      if (chain.builtin && chain.rules.length === 0) continue;
      out[`${table.name} ${chain.name}`] = chain.rules.map(ruleKey);
    }
  }
  return out;
}

const goldenDir = new URL("../../../golden/", import.meta.url);
const kernel = kernelAvailability(["ip", "nfacct", "iptables-restore", "iptables-save", "ip6tables-restore", "ip6tables-save"]);
requireKernelInCi(kernel);

describe("parseIptablesSave reads real iptables-save output", () => {
  it.skipIf(!kernel.ok)(`reads back every golden .iptables file after iptables-restore loaded it (${kernel.reason ?? "in a network namespace"})`, async () => {
    const goldens = readdirSync(goldenDir).filter((f) => f.endsWith(".iptables")).sort();
    expect(goldens.length).toBeGreaterThan(0);
    for (const file of goldens) {
      const text = readFileSync(new URL(file, goldenDir), "utf8");
      const ours = parseIptablesSave(text);
      const tool = ours.family === "ipv6" ? "ip6tables" : "iptables";
      const saved = await withNetns("kr", (ns) => {
        // kube-proxy's nfacct counters must exist before a rule can count into them.
        for (const name of new Set([...text.matchAll(/--nfacct-name (\S+)/g)].map((m) => m[1]!))) ns.run("nfacct", ["add", name]);
        const loaded = ns.run(`${tool}-restore`, [], text);
        if (loaded.status !== 0) return loaded;
        return ns.run(`${tool}-save`, ["-c"]);
      });
      expect(saved.status, `${file}: ${saved.stderr}`).toBe(0);
      expect(meaning(parseIptablesSave(saved.stdout)), file).toEqual(meaning(ours));
    }
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffRulesets } from "../../../src/read/diff.js";
import { parseIptablesSave } from "../../../src/read/iptables-save.js";

// diffRulesets compares meaning: the golden file kprc wrote against edited copies of it.

const golden = readFileSync(new URL("../../../golden/seed-nginx.iptables", import.meta.url), "utf8");
const expected = parseIptablesSave(golden);
const kinds = (live: string) => diffRulesets(expected, parseIptablesSave(live)).findings.map((f) => f.kind);

describe("diffRulesets", () => {
  it("finds no difference between a ruleset and itself", () => {
    expect(diffRulesets(expected, expected)).toMatchObject({ equal: true, findings: [] });
  });

  it("ignores how iptables-save spells the same probability, addresses and marks", () => {
    const saved = golden
      .replace("--probability 0.3333333333", "--probability 0.33333333349")
      .replace(/-d 10\.96\.142\.27 /g, "-d 10.96.142.27/32 ")
      .replace("-j MARK --or-mark 0x4000", "-j MARK --set-xmark 0x4000/0x4000");
    expect(saved).not.toBe(golden);
    expect(kinds(saved)).toEqual([]);
  });

  it("ignores foreign chains and foreign rules in built-in chains", () => {
    const withDocker = golden.replace("*nat\n", "*nat\n:DOCKER - [0:0]\n-A DOCKER -i docker0 -j RETURN\n-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n");
    expect(kinds(withDocker)).toEqual([]);
  });

  it("reports a probability the kernel would apply differently", () => {
    expect(kinds(golden.replace("--probability 0.2000000000", "--probability 0.2500000000"))).toEqual(["wrong-probabilities"]);
  });

  it("reports a missing service entry rule and its missing chains", () => {
    const without = golden.split("\n").filter((l) => !l.includes("default/my-nginx") && !l.includes("KUBE-SVC-L65ENXXZWWSAPRCR") && !/KUBE-SEP-(NU2MGAOZL6KSHENC|QT562I3QEAQKDDZ7)/.test(l)).join("\n");
    expect(kinds(without)).toEqual(["missing-service", "missing-chain", "missing-chain", "missing-chain"]);
  });

  it("reports a missing jump from a built-in chain", () => {
    expect(kinds(golden.replace(/^-A PREROUTING .*\n/m, ""))).toEqual(["missing-jump"]);
  });

  it("reports rules in another order", () => {
    const lines = golden.split("\n");
    const i = lines.findIndex((l) => l.startsWith("-A KUBE-POSTROUTING"));
    [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
    const found = diffRulesets(expected, parseIptablesSave(lines.join("\n"))).findings;
    expect(found).toMatchObject([{ kind: "rules-differ", chain: "KUBE-POSTROUTING", missing: [], unexpected: [] }]);
  });
});

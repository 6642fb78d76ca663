import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReadError } from "../../../src/read/errors.js";
import { parseIptablesSave } from "../../../src/read/iptables-save.js";
import { parseNft } from "../../../src/read/nft.js";
import { trace } from "../../../src/read/trace.js";

// Whatever a node's dump holds, reading it ends in a Ruleset or a ReadError with a line number —
// never another exception — and a trace through what was read always completes.

const golden = (name: string): string => readFileSync(new URL(`../../../golden/${name}`, import.meta.url), "utf8");
const WORDS = ["-A", "-j", "-m", "!", "-p", "tcp", "--dport", "80", "-d", "10.0.0.1/32", "--comment", '"x y"', '"', "KUBE-SERVICES", "DROP", "ACCEPT", "-g", "MARK", "--set-xmark", "0x1/0x1", "COMMIT", "*nat", ":FOO", "-X", "{", "}", ";", "@set", "vmap", "numgen", "random", "mod", "jump", "goto", "ip", "daddr", "saddr", "!=", "ct", "state", "meta", "mark", "&", "==", "0", "dnat", "to", "1.2.3.4:80", "add", "rule", "chain", "table", "-s", "--probability", "0.5", "statistic", "--mode"];

/** Random lines inserted anywhere; most start like a real rule of that chain, so the rule readers get to work. */
const mutated = (text: string, prefixes: readonly string[]) =>
  fc
    .array(fc.tuple(fc.nat(), fc.constantFrom("", ...prefixes), fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 })), { maxLength: 10 })), { minLength: 1, maxLength: 6 })
    .map((edits) => {
      const lines = text.split("\n");
      for (const [at, prefix, words] of edits) lines.splice(at % (lines.length + 1), 0, `${prefix}${words.join(" ")}`);
      return lines.join("\n");
    });

function readsOrRefuses(parse: (t: string) => import("../../../src/model/ruleset.js").Ruleset, text: string): void {
  let ruleset;
  try {
    ruleset = parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ReadError);
    return;
  }
  const result = trace(ruleset, { src: "10.244.1.9", dst: "10.96.142.27", dport: 80, protocol: "tcp", from: "outside" }, { nodeIPs: ["172.18.0.3"] });
  expect(result.outcomes.length).toBeGreaterThan(0);
}

describe("reading damaged or foreign rule text", () => {
  it("iptables-save text with random lines inserted is read or refused with a ReadError", () => {
    const text = golden("seed-nginx.iptables");
    fc.assert(fc.property(mutated(text, ["-A KUBE-SERVICES ", "-A KUBE-SVC-T3QIINOBLYCGKYC7 ", "-A PREROUTING ", "-I OUTPUT 1 "]), (t) => readsOrRefuses(parseIptablesSave, t)), { numRuns: Number(process.env.KPRC_PROPERTY_RUNS ?? 300) });
  });

  it("nft text with random lines inserted is read or refused with a ReadError", () => {
    const text = golden("seed-nginx.nft-kube");
    fc.assert(fc.property(mutated(text, ["add rule ip kube-proxy services ", "add rule ip kube-proxy nat-prerouting ", "add element ip kube-proxy service-ips ", "add chain ip kube-proxy x "]), (t) => readsOrRefuses(parseNft, t)), { numRuns: Number(process.env.KPRC_PROPERTY_RUNS ?? 300) });
  });
});

describe("odd nft statements", () => {
  const base = "add table ip kube-proxy\nadd chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }\n";
  it("keeps a random threshold that is not a number as an unknown match", () => {
    const r = parseNft(`${base}add rule ip kube-proxy nat-prerouting meta random & 2147483647 < lots drop\n`);
    expect(r.tables[0]?.chains[0]?.rules[0]?.matches).toEqual([{ kind: "unknown", text: "meta random & 2147483647 < lots" }]);
  });

  it("lets a packet pass a numgen map with no chains", () => {
    const r = parseNft(`${base}add rule ip kube-proxy nat-prerouting numgen random mod 0 vmap { }\n`);
    const result = trace(r, { src: "10.0.0.1", dst: "10.0.0.2", dport: 80, protocol: "tcp", from: "outside" }, { nodeIPs: [] });
    expect(result.outcomes.map((o) => o.outcome.kind)).toEqual(["accept"]);
  });
});

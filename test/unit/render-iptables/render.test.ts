import { describe, expect, it } from "vitest";
import { chainName } from "../../../src/model/names.js";
import type { Match, Ruleset, Target } from "../../../src/model/ruleset.js";
import { iptablesText, renderIptables } from "../../../src/render/iptables/index.js";
import { markText } from "../../../src/render/iptables/mark.js";
import { quoteArgument } from "../../../src/render/iptables/quote.js";
import { matchText, ruleArguments, targetText } from "../../../src/render/iptables/rule-text.js";

const one = (rules: { matches: Match[]; target?: Target }[], extra: Partial<Ruleset["tables"][number]> = {}): Ruleset => ({
  family: "ipv4",
  tables: [{ name: "nat", chains: [{ name: chainName("KUBE-X"), rules }], ...extra }],
});

describe("iptables renderer", () => {
  it("declares chains, writes rules chain by chain, and commits each table", () => {
    const text = iptablesText(one([{ matches: [{ kind: "comment", text: "a b" }], target: { kind: "verdict", verdict: "RETURN" } }]));
    expect(text).toBe(':KUBE-X - [0:0]\n-A KUBE-X -m comment --comment "a b" -j RETURN\nCOMMIT\n'.replace(/^/, "*nat\n"));
  });

  it("declares built-in chains with their ACCEPT policy", () => {
    const text = iptablesText({ family: "ipv4", tables: [{ name: "filter", chains: [{ name: chainName("INPUT"), builtin: true, rules: [] }] }] });
    expect(text).toBe("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");
  });

  it("declares deleted chains (flushing them) and deletes them with -X after every rule", () => {
    const text = iptablesText(one([{ matches: [] }], { deletedChains: [chainName("KUBE-SEP-OLD")] }));
    expect(text).toBe("*nat\n:KUBE-X - [0:0]\n:KUBE-SEP-OLD - [0:0]\n-A KUBE-X\n-X KUBE-SEP-OLD\nCOMMIT\n");
  });

  it("writes a rule with no target and no matches as a bare -A line", () => {
    expect(iptablesText(one([{ matches: [] }]))).toContain("\n-A KUBE-X\n");
  });

  it("spells every rule line as `-A CHAIN` plus ruleArguments, even with empty arguments", () => {
    const empty: Match = { kind: "unknown", text: "" };
    const rules = [{ matches: [empty] }, { matches: [empty, empty] }, { matches: [empty], target: { kind: "verdict", verdict: "RETURN" } as Target }, { matches: [{ kind: "comment", text: "a b" } as Match] }];
    const lines = iptablesText(one(rules)).split("\n").filter((l) => l.startsWith("-A "));
    expect(lines).toEqual(rules.map((r) => (ruleArguments(r, "short") === "" ? "-A KUBE-X" : `-A KUBE-X ${ruleArguments(r, "short")}`)));
  });

  it("streams into a sink in pieces", () => {
    const parts: string[] = [];
    renderIptables(one([{ matches: [] }]), { write: (t) => parts.push(t) });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join("")).toBe(iptablesText(one([{ matches: [] }])));
  });

  it("refuses nft-only constructs instead of writing something iptables would misread", () => {
    expect(() => matchText({ kind: "inSet", field: "daddr", set: "cluster-ips" }, "short")).toThrow(/no form/);
    expect(() => targetText({ kind: "numgen", chains: [] }, "short")).toThrow(/no form/);
    expect(() => iptablesText({ family: "ipv4", tables: [{ name: "nat", chains: [], sets: [{ name: "s", type: ["ipv4_addr"], elements: [] }] }] })).toThrow(/named sets/);
  });
});

describe("match and target spellings", () => {
  it.each<[Match, string]>([
    [{ kind: "protocol", protocol: "sctp" }, "-m sctp -p sctp"],
    [{ kind: "saddr", cidr: "10.0.0.0/8", negate: true }, "! -s 10.0.0.0/8"],
    [{ kind: "daddr", cidr: "::1/128", negate: true }, "! -d ::1/128"],
    [{ kind: "dport", port: 3001 }, "--dport 3001"],
    [{ kind: "addrtype", side: "src", type: "LOCAL" }, "-m addrtype --src-type LOCAL"],
    [{ kind: "random", probability: 1 / 3 }, "-m statistic --mode random --probability 0.3333333333"],
    [{ kind: "random", probability: 1 / 2048 }, "-m statistic --mode random --probability 0.0004882812"],
    [{ kind: "recent", name: "KUBE-SEP-X", mode: "set" }, "-m recent --name KUBE-SEP-X --set"],
    [{ kind: "recent", name: "KUBE-SEP-X", mode: "rcheck", seconds: 10800, reap: true }, "-m recent --name KUBE-SEP-X --rcheck --seconds 10800 --reap"],
    [{ kind: "mark", value: 0x4000, mask: 0x4000, negate: true }, "-m mark ! --mark 0x4000/0x4000"],
    [{ kind: "conntrack", states: ["RELATED", "ESTABLISHED", "DNAT"], negate: true }, "-m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT"],
    [{ kind: "nfacct", name: "ct_state_invalid_dropped_pkts" }, "-m nfacct --nfacct-name ct_state_invalid_dropped_pkts"],
    [{ kind: "iif", name: "cbr0" }, "-i cbr0"],
    [{ kind: "iif", name: "veth", wildcard: true, negate: true }, "! -i veth+"],
  ])("writes %j as %s", (m, text) => {
    expect(matchText(m, "short")).toBe(text);
  });

  it.each<[Target, string]>([
    [{ kind: "jump", chain: chainName("KUBE-SVC-X") }, "-j KUBE-SVC-X"],
    [{ kind: "goto", chain: chainName("KUBE-SVC-X") }, "-g KUBE-SVC-X"],
    [{ kind: "dnat", ip: "10.180.0.1", port: 80 }, "-j DNAT --to-destination 10.180.0.1:80"],
    [{ kind: "dnat", ip: "fd00:10:180::1", port: 80 }, "-j DNAT --to-destination [fd00:10:180::1]:80"],
    [{ kind: "masquerade", randomFully: true }, "-j MASQUERADE --random-fully"],
    [{ kind: "mark", op: "or", value: 0x4000 }, "-j MARK --or-mark 0x4000"],
    [{ kind: "mark", op: "xor", value: 0x4000 }, "-j MARK --xor-mark 0x4000"],
  ])("writes %j as %s", (t, text) => {
    expect(targetText(t, "short")).toBe(text);
  });
});

describe("marks", () => {
  it("prints kube-proxy's unit-test style by default and production's %#08x when padded", () => {
    expect(markText(0x4000, "short")).toBe("0x4000");
    expect(markText(0x4000, "padded")).toBe("0x00004000");
    expect(markText(1, "padded")).toBe("0x00000001");
    expect(markText(2 ** 31, "padded")).toBe("0x80000000");
    expect(markText(2 ** 24, "padded")).toBe("0x01000000");
  });

  it("applies the mark format to matches and targets alike", () => {
    const text = iptablesText(one([{ matches: [{ kind: "mark", value: 0x4000, mask: 0x4000 }], target: { kind: "mark", op: "or", value: 0x4000 } }]), { markFormat: "padded" });
    expect(text).toContain("-m mark --mark 0x00004000/0x00004000 -j MARK --or-mark 0x00004000");
  });
});

describe("comment quoting", () => {
  it("leaves a bare service port name unquoted, as kube-proxy writes it", () => {
    expect(quoteArgument("ns1/svc1:p80")).toBe("ns1/svc1:p80");
    expect(quoteArgument("my-ns/my.svc")).toBe("my-ns/my.svc");
  });

  it("quotes anything with a space or other character outside the safe set", () => {
    expect(quoteArgument("ns1/svc1:p80 cluster IP")).toBe('"ns1/svc1:p80 cluster IP"');
    expect(quoteArgument("a;b")).toBe('"a;b"');
    expect(quoteArgument("")).toBe('""');
  });

  it("escapes quotes and backslashes so a comment can never end early", () => {
    expect(quoteArgument('x" -j ACCEPT "')).toBe('"x\\" -j ACCEPT \\""');
    expect(quoteArgument("a\\b")).toBe('"a\\\\b"');
  });

  it("refuses control characters, so a comment can never start a new rule line", () => {
    expect(() => quoteArgument("a\nCOMMIT")).toThrow(/control character/);
    expect(() => quoteArgument("a\rb")).toThrow(/control character/);
  });
});

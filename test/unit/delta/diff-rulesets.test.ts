import { describe, expect, it } from "vitest";
import { diffRulesets } from "../../../src/compile/delta/diff-rulesets.js";
import { chainName } from "../../../src/model/names.js";
import type { Chain, NamedSet, Rule, Ruleset, SetVerdict, Table } from "../../../src/model/ruleset.js";

const jump = (to: string): Rule => ({ matches: [], target: { kind: "jump", chain: chainName(to) } });
const dnat = (ip: string): Rule => ({ matches: [{ kind: "protocol", protocol: "tcp" }], target: { kind: "dnat", ip, port: 80 } });
const chain = (name: string, rules: Rule[], extra: Partial<Chain> = {}): Chain => ({ name: chainName(name), rules, ...extra });
const nat = (...chains: Chain[]): Table => ({ name: "nat", chains });
const rs = (...tables: Table[]): Ruleset => ({ family: "ipv4", tables });
const names = (t: Table | undefined) => t?.chains.map((c) => c.name);

const base = rs(
  { name: "filter", chains: [chain("KUBE-FORWARD", [jump("ACCEPT")])] },
  nat(
    chain("PREROUTING", [jump("KUBE-SERVICES")], { builtin: true }),
    chain("KUBE-SERVICES", [jump("KUBE-SVC-A"), jump("KUBE-SVC-B")]),
    chain("KUBE-SVC-A", [jump("KUBE-SEP-A1")]),
    chain("KUBE-SEP-A1", [dnat("10.0.0.1")]),
    chain("KUBE-SVC-B", [jump("KUBE-SEP-B1")]),
    chain("KUBE-SEP-B1", [dnat("10.0.1.1")]),
  ),
);

describe("diffRulesets", () => {
  it("returns an empty partial ruleset when nothing changed", () => {
    expect(diffRulesets(base, structuredClone(base))).toEqual({ family: "ipv4", tables: [], partial: true });
  });

  it("rewrites only the service chain and adds the new endpoint chain when an endpoint is added", () => {
    const next = rs(
      base.tables[0]!,
      nat(
        ...base.tables[1]!.chains.slice(0, 2),
        chain("KUBE-SVC-A", [jump("KUBE-SEP-A1"), jump("KUBE-SEP-A2")]),
        chain("KUBE-SEP-A1", [dnat("10.0.0.1")]),
        chain("KUBE-SEP-A2", [dnat("10.0.0.2")]),
        ...base.tables[1]!.chains.slice(4),
      ),
    );
    const delta = diffRulesets(base, next);
    expect(delta.tables.map((t) => t.name)).toEqual(["nat"]);
    expect(names(delta.tables[0])).toEqual(["KUBE-SVC-A", "KUBE-SEP-A2"]);
    expect(delta.tables[0]!.deletedChains).toBeUndefined();
  });

  it("deletes the chains of a removed service and rewrites KUBE-SERVICES whole", () => {
    const next = rs(base.tables[0]!, nat(chain("PREROUTING", [jump("KUBE-SERVICES")], { builtin: true }), chain("KUBE-SERVICES", [jump("KUBE-SVC-A")]), ...base.tables[1]!.chains.slice(2, 4)));
    const table = diffRulesets(base, next).tables[0]!;
    expect(names(table)).toEqual(["KUBE-SERVICES"]);
    expect(table.chains[0]!.rules).toHaveLength(1);
    expect(table.deletedChains).toEqual(["KUBE-SVC-B", "KUBE-SEP-B1"]);
  });

  it("rewrites a chain whose rules are equal but reordered", () => {
    const next = rs(base.tables[0]!, nat(base.tables[1]!.chains[0]!, chain("KUBE-SERVICES", [jump("KUBE-SVC-B"), jump("KUBE-SVC-A")]), ...base.tables[1]!.chains.slice(2)));
    expect(names(diffRulesets(base, next).tables[0])).toEqual(["KUBE-SERVICES"]);
  });

  it("treats a rule whose match changed as a changed chain", () => {
    const next = structuredClone(base) as { tables: { chains: { rules: Rule[] }[] }[] } & Ruleset;
    next.tables[1]!.chains[3]!.rules = [dnat("10.0.0.9")];
    expect(names(diffRulesets(base, next).tables[0])).toEqual(["KUBE-SEP-A1"]);
  });

  it("ignores where a parsed rule came from", () => {
    const next = structuredClone(base) as { tables: { chains: { rules: Rule[] }[] }[] } & Ruleset;
    next.tables[1]!.chains[3]!.rules = [{ ...dnat("10.0.0.1"), source: { line: 7 } }];
    expect(diffRulesets(base, next).tables).toEqual([]);
  });

  it("never deletes a built-in chain that the next ruleset lacks", () => {
    const next = rs(base.tables[0]!, nat(...base.tables[1]!.chains.slice(1)));
    expect(diffRulesets(base, next).tables).toEqual([]);
  });

  it("keeps next's table order and drops unchanged tables", () => {
    const next = rs({ name: "filter", chains: [chain("KUBE-FORWARD", [jump("DROP")])] }, base.tables[1]!);
    expect(diffRulesets(base, next).tables.map((t) => t.name)).toEqual(["filter"]);
  });

  it("deletes the affinity list of a service whose affinity was turned off, for nft renderings", () => {
    const recent = (mode: "set" | "rcheck"): Rule => ({ matches: [{ kind: "recent", name: "KUBE-SEP-A1", mode, seconds: 10800 }], target: { kind: "jump", chain: chainName("KUBE-SEP-A1") } });
    const withAffinity = rs(nat(chain("KUBE-SVC-A", [recent("rcheck"), jump("KUBE-SEP-A1")]), chain("KUBE-SEP-A1", [dnat("10.0.0.1")])));
    const without = rs(nat(chain("KUBE-SVC-A", [jump("KUBE-SEP-A1")]), chain("KUBE-SEP-A1", [dnat("10.0.0.1")])));
    expect(diffRulesets(withAffinity, without).tables[0]!.deletedSets).toEqual(["KUBE-SEP-A1"]);
    expect(diffRulesets(without, withAffinity).tables[0]!.deletedSets).toBeUndefined();
  });

  it("refuses to diff rulesets of different families", () => {
    expect(() => diffRulesets(base, { ...base, family: "ipv6" })).toThrow(/ipv4.*ipv6/);
  });
});

describe("diffRulesets on nft sets and maps", () => {
  const goto = (to: string): SetVerdict => ({ kind: "goto", chain: chainName(to) });
  const map = (elements: [string[], SetVerdict][]): NamedSet => ({
    name: "service-ips",
    type: ["ipv4_addr", "inet_proto", "inet_service"],
    map: "verdict",
    elements: elements.map(([key, value]) => ({ key, value })),
  });
  const kp = (sets: NamedSet[], chains: Chain[] = []): Ruleset => rs({ name: "kube-proxy", chains, sets });
  const a = [["172.30.0.41", "tcp", "80"], goto("service-A")] as [string[], SetVerdict];
  const b = [["172.30.0.42", "tcp", "80"], goto("service-B")] as [string[], SetVerdict];

  it("adds only the new element of a map", () => {
    const set = diffRulesets(kp([map([a])]), kp([map([a, b])])).tables[0]!.sets![0]!;
    expect(set.elements).toEqual([{ key: b[0], value: b[1] }]);
    expect(set.deletedElements).toBeUndefined();
  });

  it("deletes an element whose key is gone", () => {
    const set = diffRulesets(kp([map([a, b])]), kp([map([a])])).tables[0]!.sets![0]!;
    expect(set.elements).toEqual([]);
    expect(set.deletedElements).toEqual([{ key: b[0], value: b[1] }]);
  });

  it("deletes then re-adds an element whose verdict changed", () => {
    const changed = [a[0], goto("service-A2")] as [string[], SetVerdict];
    const set = diffRulesets(kp([map([a])]), kp([map([changed])])).tables[0]!.sets![0]!;
    expect(set.deletedElements).toEqual([{ key: a[0], value: a[1] }]);
    expect(set.elements).toEqual([{ key: a[0], value: goto("service-A2") }]);
  });

  it("does not rewrite an element whose comment alone changed, as kube-proxy does not", () => {
    const withComment = map([a]);
    const next = { ...withComment, elements: [{ ...withComment.elements[0]!, comment: "ns1/svc1:p80" }] };
    expect(diffRulesets(kp([withComment]), kp([next])).tables).toEqual([]);
  });

  it("lists a set that disappeared in deletedSets", () => {
    const affinity: NamedSet = { name: "affinity-XYZ", type: ["ipv4_addr"], flags: ["dynamic", "timeout"], timeoutSeconds: 10800, elements: [] };
    const table = diffRulesets(kp([map([a]), affinity]), kp([map([a])])).tables[0]!;
    expect(table.deletedSets).toEqual(["affinity-XYZ"]);
    expect(table.sets).toBeUndefined();
  });

  it("writes a new set whole", () => {
    const table = diffRulesets(kp([]), kp([map([a])])).tables[0]!;
    expect(table.sets).toEqual([map([a])]);
  });

  it("refuses a set whose definition changed, which only a full sync can do", () => {
    expect(() => diffRulesets(kp([map([a])]), kp([{ ...map([a]), type: ["ipv4_addr"] }]))).toThrow(/full sync/);
  });
});

import { describe, expect, it } from "vitest";
import { chainName } from "../../../src/model/names.js";
import type { Chain, Match, Rule, Ruleset, Table, Target } from "../../../src/model/ruleset.js";
import { nftText } from "../../../src/render/nft/index.js";
import { ruleText } from "../../../src/render/nft/rule.js";

const v4 = { family: "ipv4", shortMarks: false } as const;
const v6 = { family: "ipv6", shortMarks: false } as const;
const rule = (matches: Match[], target?: Target): Rule => ({ matches, ...(target ? { target } : {}) });
const jump = (c: string): Target => ({ kind: "jump", chain: chainName(c) });
const chain = (name: string, rules: Rule[], extra: Partial<Chain> = {}): Chain => ({ name: chainName(name), rules, ...extra });
const rs = (...tables: Table[]): Ruleset => ({ family: "ipv4", tables });

describe("nft rule text", () => {
  it("writes a service capture with the port joined to its protocol and the comment last", () => {
    const r = rule(
      [{ kind: "comment", text: "ns1/svc1:p80 cluster IP" }, { kind: "protocol", protocol: "tcp" }, { kind: "daddr", cidr: "172.30.0.41" }, { kind: "dport", port: 80 }],
      jump("KUBE-SVC-XPGD46QRK7WJZT7O"),
    );
    expect(ruleText(r, v4)).toBe('ip daddr 172.30.0.41 tcp dport 80 jump KUBE-SVC-XPGD46QRK7WJZT7O comment "ns1/svc1:p80 cluster IP"');
  });

  it("keeps `meta l4proto` before a DNAT that has no port match", () => {
    const r = rule([{ kind: "comment", text: "ns1/svc1:p80" }, { kind: "protocol", protocol: "tcp" }], { kind: "dnat", ip: "10.180.0.1", port: 80 });
    expect(ruleText(r, v4)).toBe('meta l4proto tcp dnat to 10.180.0.1:80 comment "ns1/svc1:p80"');
  });

  it("brackets an IPv6 DNAT destination and uses ip6 address matches", () => {
    const r = rule([{ kind: "saddr", cidr: "fd00:10::/64", negate: true }, { kind: "protocol", protocol: "udp" }], { kind: "dnat", ip: "fd00::1", port: 53 });
    expect(ruleText(r, v6)).toBe("ip6 saddr != fd00:10::/64 meta l4proto udp dnat to [fd00::1]:53");
  });

  it("refuses a DNAT without a protocol, which nft cannot load", () => {
    expect(() => ruleText(rule([], { kind: "dnat", ip: "10.0.0.1", port: 80 }), v4)).toThrow(/protocol/);
  });

  it("writes the probability cascade as the kernel's meta random threshold", () => {
    expect(ruleText(rule([{ kind: "random", probability: 1 / 3 }], jump("KUBE-SEP-A")), v4)).toBe("meta random & 2147483647 < 715827883 jump KUBE-SEP-A");
  });

  it("writes recent checks as set lookups and recent updates as set updates", () => {
    const check = rule([{ kind: "recent", name: "KUBE-SEP-A", mode: "rcheck", seconds: 10800, reap: true }], jump("KUBE-SEP-A"));
    const set = rule([{ kind: "recent", name: "KUBE-SEP-A", mode: "set" }, { kind: "protocol", protocol: "tcp" }], { kind: "dnat", ip: "10.0.0.1", port: 80 });
    expect(ruleText(check, v4)).toBe("ip saddr @KUBE-SEP-A jump KUBE-SEP-A");
    expect(ruleText(set, v4)).toBe("update @KUBE-SEP-A { ip saddr } meta l4proto tcp dnat to 10.0.0.1:80");
  });

  it("writes kube-proxy's masquerade marks", () => {
    expect(ruleText(rule([{ kind: "mark", value: 0x4000, mask: 0x4000, negate: true }], { kind: "verdict", verdict: "RETURN" }), v4)).toBe(
      "mark and 0x00004000 != 0x00004000 return",
    );
    expect(ruleText(rule([], { kind: "mark", op: "xor", value: 0x4000 }), v4)).toBe("mark set mark xor 0x00004000");
    expect(ruleText(rule([], { kind: "masquerade", randomFully: true }), v4)).toBe("masquerade fully-random");
  });

  it("splits a negated --ctstate with DNAT into ct state and ct status", () => {
    const r = rule([{ kind: "conntrack", states: ["RELATED", "ESTABLISHED", "DNAT"], negate: true }], { kind: "verdict", verdict: "DROP" });
    expect(ruleText(r, v4)).toBe("ct state & (related | established) == 0 ct status & dnat == 0 drop");
  });

  it("writes addrtype as fib, nfacct as a named counter and interfaces as iifname", () => {
    expect(ruleText(rule([{ kind: "addrtype", side: "dst", type: "LOCAL" }], jump("KUBE-NODEPORTS")), v4)).toBe("fib daddr type local jump KUBE-NODEPORTS");
    expect(ruleText(rule([{ kind: "nfacct", name: "localhost_nps_accepted_pkts" }]), v4)).toBe("counter name localhost_nps_accepted_pkts");
    expect(ruleText(rule([{ kind: "iif", name: "veth", wildcard: true, negate: true }], jump("KUBE-MARK-MASQ")), v4)).toBe('iifname != "veth*" jump KUBE-MARK-MASQ');
  });

  it("gives a comment-only rule a counter, since nft needs a statement", () => {
    expect(ruleText(rule([{ kind: "comment", text: "other traffic will be dropped" }]), v4)).toBe('counter comment "other traffic will be dropped"');
  });

  it("writes nftables-mode verdict maps, numgen and affinity updates", () => {
    expect(ruleText(rule([], { kind: "vmap", key: ["daddr", "l4proto", "dport"], map: "service-ips" }), v4)).toBe("ip daddr . meta l4proto . th dport vmap @service-ips");
    expect(ruleText(rule([], { kind: "numgen", chains: [chainName("endpoint-A"), chainName("endpoint-B")] }), v4)).toBe(
      "numgen random mod 2 vmap { 0 : goto endpoint-A , 1 : goto endpoint-B }",
    );
    expect(ruleText(rule([], { kind: "setUpdate", set: "affinity-A", field: "saddr" }), v6)).toBe("update @affinity-A { ip6 saddr }");
    expect(ruleText(rule([{ kind: "anyOf", side: "src", cidrs: ["203.0.113.0/25", "5.6.7.8"], negate: true }], { kind: "verdict", verdict: "DROP" }), v4)).toBe(
      "ip saddr != { 203.0.113.0/25 , 5.6.7.8 } drop",
    );
  });
});

describe("nft table layout", () => {
  const nat: Table = {
    name: "nat",
    chains: [
      chain("PREROUTING", [rule([{ kind: "comment", text: "kubernetes service portals" }], jump("KUBE-SERVICES"))], { builtin: true }),
      chain("KUBE-SERVICES", []),
      chain("KUBE-SEP-A", [rule([{ kind: "recent", name: "KUBE-SEP-A", mode: "set" }, { kind: "protocol", protocol: "tcp" }], { kind: "dnat", ip: "10.0.0.1", port: 80 })]),
      chain("KUBE-SVC-A", [rule([{ kind: "recent", name: "KUBE-SEP-A", mode: "rcheck", seconds: 600, reap: true }], jump("KUBE-SEP-A"))]),
    ],
    deletedChains: [chainName("KUBE-SVC-OLD")],
  };

  it("declares built-in chains with iptables-nft's hook but never flushes them, and inserts kube-proxy's jumps at the top", () => {
    const text = nftText(rs(nat));
    expect(text).toContain("add chain ip nat PREROUTING { type nat hook prerouting priority -100 ; }\n");
    expect(text).not.toContain("flush chain ip nat PREROUTING");
    expect(text).not.toMatch(/flush (table|ruleset)/);
    expect(text).not.toContain("policy");
    expect(text).toContain('insert rule ip nat PREROUTING jump KUBE-SERVICES comment "kubernetes service portals"\n');
    expect(text).toContain("add chain ip nat KUBE-SERVICES\nflush chain ip nat KUBE-SERVICES\n");
  });

  it("owns built-in chains when the tables get a prefix of their own", () => {
    const text = nftText(rs(nat), { tablePrefix: "kprc-" });
    expect(text).toContain("flush chain ip kprc-nat PREROUTING\n");
    expect(text).toContain("add rule ip kprc-nat PREROUTING jump KUBE-SERVICES");
  });

  it("declares one dynamic timeout set per recent list, timed by --seconds", () => {
    expect(nftText(rs(nat))).toContain("add set ip nat KUBE-SEP-A { type ipv4_addr ; flags dynamic,timeout ; timeout 600s ; }\n");
  });

  it("deletes stale chains last, after declaring them so a missing one is no error", () => {
    const lines = nftText(rs(nat)).trimEnd().split("\n");
    expect(lines.at(-1)).toBe("delete chain ip nat KUBE-SVC-OLD");
    expect(lines).toContain("add chain ip nat KUBE-SVC-OLD");
  });

  it("writes set elements after the chains their verdicts name, comment before value", () => {
    const kp: Table = {
      name: "kube-proxy",
      comment: "rules for kube-proxy",
      chains: [chain("reject-chain", [rule([], { kind: "verdict", verdict: "REJECT" })], { comment: "helper" })],
      sets: [
        {
          name: "no-endpoint-services",
          type: ["ipv4_addr", "inet_proto", "inet_service"],
          map: "verdict",
          comment: "vmap",
          elements: [{ key: ["172.30.0.46", "tcp", "80"], comment: "ns6/svc6:p80", value: { kind: "goto", chain: chainName("reject-chain") } }],
        },
      ],
    };
    expect(nftText(rs(kp))).toBe(
      [
        'add table ip kube-proxy { comment "rules for kube-proxy" ; }',
        'add chain ip kube-proxy reject-chain { comment "helper" ; }',
        "flush chain ip kube-proxy reject-chain",
        'add map ip kube-proxy no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap" ; }',
        "flush map ip kube-proxy no-endpoint-services",
        "add rule ip kube-proxy reject-chain reject",
        'add element ip kube-proxy no-endpoint-services { 172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain }',
        "",
      ].join("\n"),
    );
  });

  it("in delta mode touches only the given chains and element changes", () => {
    const kp: Table = {
      name: "kube-proxy",
      chains: [chain("service-X", [])],
      sets: [
        {
          name: "cluster-ips",
          type: ["ipv4_addr"],
          elements: [{ key: ["172.30.0.43"] }],
          deletedElements: [{ key: ["172.30.0.42"] }],
        },
      ],
      deletedChains: [chainName("service-Y")],
    };
    const text = nftText({ family: "ipv4", tables: [kp], partial: true });
    expect(text).not.toContain("flush set");
    expect(text).toContain("delete element ip kube-proxy cluster-ips { 172.30.0.42 }\nadd element ip kube-proxy cluster-ips { 172.30.0.43 }\n");
    expect(text.trimEnd().split("\n").at(-1)).toBe("delete chain ip kube-proxy service-Y");
  });
});

import { describe, expect, it } from "vitest";
import { chainName } from "../../src/model/names.js";
import type { Chain, Match, Rule, Ruleset, Target } from "../../src/model/ruleset.js";
import { nftText } from "../../src/render/nft/index.js";
import { kernelAvailability, requireKernelInCi, withNetns, type Netns } from "../support/netns.js";

// The renderer's output loaded for real (`nft -f`) into throw-away namespaces, and what it must not
// do to rules that other software (Docker) keeps in iptables-nft's shared tables.

const availability = kernelAvailability(["ip", "nft", "iptables-nft-restore"]);
requireKernelInCi(availability);

const rule = (matches: Match[], target?: Target): Rule => ({ matches, ...(target ? { target } : {}) });
const jump = (c: string): Target => ({ kind: "jump", chain: chainName(c) });
const chain = (name: string, rules: Rule[], builtin = false): Chain => ({ name: chainName(name), rules, ...(builtin ? { builtin } : {}) });
const tcp: Match = { kind: "protocol", protocol: "tcp" };
const cmt = (text: string): Match => ({ kind: "comment", text });

/** Every match and target kind of the iptables layout, in kube-proxy's shapes. */
const iptablesLayout: Ruleset = {
  family: "ipv4",
  tables: [
    {
      name: "filter",
      chains: [
        chain("FORWARD", [rule([cmt("kubernetes forwarding rules")], jump("KUBE-FORWARD"))], true),
        chain("INPUT", [rule([{ kind: "conntrack", states: ["NEW"] }, cmt("kubernetes externally-visible service portals")], jump("KUBE-EXTERNAL-SERVICES")), rule([], jump("KUBE-FIREWALL"))], true),
        chain("KUBE-EXTERNAL-SERVICES", [rule([cmt("ns2/svc2:p80 has no local endpoints"), { kind: "addrtype", side: "dst", type: "LOCAL" }, tcp, { kind: "dport", port: 3001 }], { kind: "verdict", verdict: "DROP" })]),
        chain("KUBE-FIREWALL", [
          rule(
            [cmt("block incoming localnet connections"), { kind: "daddr", cidr: "127.0.0.0/8" }, { kind: "saddr", cidr: "127.0.0.0/8", negate: true }, { kind: "conntrack", states: ["RELATED", "ESTABLISHED", "DNAT"], negate: true }],
            { kind: "verdict", verdict: "DROP" },
          ),
        ]),
        chain("KUBE-FORWARD", [
          rule([{ kind: "conntrack", states: ["INVALID"] }, { kind: "nfacct", name: "ct_state_invalid_dropped_pkts" }], { kind: "verdict", verdict: "DROP" }),
          rule([cmt("kubernetes forwarding rules"), { kind: "mark", value: 0x4000, mask: 0x4000 }], { kind: "verdict", verdict: "ACCEPT" }),
        ]),
        chain("KUBE-SERVICES", [rule([cmt('a "quoted" comment\nwith a newline'), tcp, { kind: "daddr", cidr: "172.30.0.46" }, { kind: "dport", port: 80 }], { kind: "verdict", verdict: "REJECT" })]),
      ],
    },
    {
      name: "nat",
      chains: [
        chain("PREROUTING", [rule([cmt("kubernetes service portals")], jump("KUBE-SERVICES"))], true),
        chain("POSTROUTING", [rule([cmt("kubernetes postrouting rules")], jump("KUBE-POSTROUTING"))], true),
        chain("KUBE-SERVICES", [rule([cmt("ns5/svc5:p80 cluster IP"), tcp, { kind: "daddr", cidr: "172.30.0.45" }, { kind: "dport", port: 80 }], jump("KUBE-SVC-A"))]),
        chain("KUBE-POSTROUTING", [
          rule([{ kind: "mark", value: 0x4000, mask: 0x4000, negate: true }], { kind: "verdict", verdict: "RETURN" }),
          rule([], { kind: "mark", op: "xor", value: 0x4000 }),
          rule([cmt("kubernetes service traffic requiring SNAT")], { kind: "masquerade", randomFully: true }),
        ]),
        chain("KUBE-MARK-MASQ", [rule([], { kind: "mark", op: "or", value: 0x4000 })]),
        chain("KUBE-SVC-A", [
          rule([cmt("ns5/svc5:p80 -> 10.180.0.3:80"), { kind: "recent", name: "KUBE-SEP-A", mode: "rcheck", seconds: 10800, reap: true }], jump("KUBE-SEP-A")),
          rule([{ kind: "random", probability: 1 / 3 }], jump("KUBE-SEP-A")),
          rule([{ kind: "iif", name: "veth", wildcard: true, negate: true }], jump("KUBE-MARK-MASQ")),
          rule([cmt("other traffic will be dropped")]),
        ]),
        chain("KUBE-SEP-A", [
          rule([cmt("ns5/svc5:p80"), { kind: "saddr", cidr: "10.180.0.3" }], jump("KUBE-MARK-MASQ")),
          rule([cmt("ns5/svc5:p80"), { kind: "recent", name: "KUBE-SEP-A", mode: "set" }, tcp], { kind: "dnat", ip: "10.180.0.3", port: 80 }),
        ]),
      ],
      deletedChains: [chainName("KUBE-SVC-STALE")],
    },
  ],
};

function load(ns: Netns, text: string): void {
  ns.check("nft", ["-f", "-"], text);
}

describe.skipIf(!availability.ok)(`nft output in a real kernel${availability.ok ? "" : ` (skipped: ${availability.reason})`}`, () => {
  it("loads every iptables-layout construct with nft -f, twice in a row", async () => {
    await withNetns("kn", (ns) => {
      load(ns, nftText(iptablesLayout));
      load(ns, nftText(iptablesLayout));
      const listed = ns.check("nft", ["list", "ruleset"]);
      expect(listed).toContain("meta random & 2147483647 < 715827883");
      // nft lists the bit test `ct state & (a | b) == 0` as `ct state ! a,b`.
      expect(listed).toContain("ct state ! established,related ct status ! dnat drop");
      expect(listed).not.toContain("KUBE-SVC-STALE");
    });
  });

  it("leaves a shared table's other rules and its drop policy alone", async () => {
    await withNetns("kn", (ns) => {
      ns.check("iptables-nft-restore", [], "*filter\n:FORWARD DROP [0:0]\n:DOCKER-USER - [0:0]\n-A FORWARD -j DOCKER-USER\nCOMMIT\n");
      load(ns, nftText(iptablesLayout));
      const forward = ns.check("nft", ["list", "chain", "ip", "filter", "FORWARD"]);
      expect(forward).toContain("policy drop;");
      expect(forward).toContain("jump DOCKER-USER");
      // kube-proxy's jump is inserted on top, as `iptables -I` would.
      expect(forward.indexOf("jump KUBE-FORWARD")).toBeLessThan(forward.indexOf("jump DOCKER-USER"));
    });
  });

  it("loads into private tables with a prefix, rewriting built-in chains idempotently", async () => {
    await withNetns("kn", (ns) => {
      const text = nftText(iptablesLayout, { tablePrefix: "kprc-" });
      load(ns, text);
      load(ns, text);
      const prerouting = ns.check("nft", ["list", "chain", "ip", "kprc-nat", "PREROUTING"]);
      expect(prerouting.match(/jump KUBE-SERVICES/g)).toHaveLength(1);
    });
  });
});

import { cidrContains, parseCIDR, parseIP } from "../../src/compile/ip.js";
import type { Chain, Match, Rule, Ruleset } from "../../src/model/ruleset.js";
import { testNodeIPs } from "../kube-proxy-expected/flows.js";

// kube-proxy's test packet tracer (proxier_test.go tracePacket), rebuilt from its description on
// kprc's Ruleset model: walk nat KUBE-SERVICES (kube-proxy starts at PREROUTING, whose only rule
// jumps there), collect every endpoint reachable through probability rules, then run the filter
// chains with the DNATed destination. Rules checking state (recent --rcheck, mark, conntrack) never
// match; statistic, comment and nfacct always do.

export interface Packet {
  readonly sourceIP: string;
  readonly protocol?: "tcp" | "udp" | "sctp";
  readonly destIP: string;
  readonly destPort: number;
}

export interface TraceResult {
  readonly output: string;
  readonly masq: boolean;
}

function addressMatches(cidrOrIP: string, ip: string, negate: boolean | undefined): boolean {
  const addr = parseIP(ip);
  let matches: boolean;
  if (cidrOrIP.includes("/")) {
    const cidr = parseCIDR(cidrOrIP);
    matches = cidr !== undefined && addr !== undefined && cidrContains(cidr, addr);
  } else {
    matches = parseIP(cidrOrIP)?.text === addr?.text;
  }
  return negate ? !matches : matches;
}

class Tracer {
  readonly outputs: string[] = [];
  masq = false;
  private readonly local: Set<string>;

  constructor(
    private readonly ruleset: Ruleset,
    nodeIPs: readonly string[],
  ) {
    this.local = new Set(["127.0.0.1", "::1", ...nodeIPs]);
  }

  private chain(table: string, name: string): Chain | undefined {
    return this.ruleset.tables.find((t) => t.name === table)?.chains.find((c) => c.name === name);
  }

  private matchOne(m: Match, p: Required<Packet>): boolean {
    switch (m.kind) {
      case "saddr":
        return addressMatches(m.cidr, p.sourceIP, m.negate);
      case "daddr":
        return addressMatches(m.cidr, p.destIP, m.negate);
      case "addrtype": {
        const isLocal = this.local.has(m.side === "src" ? p.sourceIP : p.destIP);
        return m.negate ? !isLocal : isLocal;
      }
      case "protocol":
        return m.protocol === p.protocol;
      case "dport":
        return m.port === p.destPort;
      case "recent":
        return m.mode === "set";
      case "mark":
      case "conntrack":
        return false;
      default:
        return true;
    }
  }

  private matches(rule: Rule, p: Required<Packet>): boolean {
    return rule.matches.every((m) => this.matchOne(m, p));
  }

  /** Returns true when a terminal target was hit. */
  run(table: string, name: string, p: Required<Packet>): boolean {
    for (const rule of this.chain(table, name)?.rules ?? []) {
      const target = rule.target;
      if (target === undefined || !this.matches(rule, p)) continue;
      if (target.kind === "jump" && target.chain === "KUBE-MARK-MASQ") {
        this.masq = true;
        continue;
      }
      if (target.kind === "verdict") {
        this.outputs.push(target.verdict);
        return true;
      }
      if (target.kind === "dnat") {
        this.outputs.push(target.ip.includes(":") ? `[${target.ip}]:${target.port}` : `${target.ip}:${target.port}`);
        return true;
      }
      if (target.kind === "jump") {
        const terminated = this.run(table, target.chain, p);
        if (terminated && !rule.matches.some((m) => m.kind === "random")) return true;
      }
    }
    return false;
  }
}

export function tracePacket(ruleset: Ruleset, packet: Packet, nodeIPs: readonly string[] = testNodeIPs): TraceResult {
  const p: Required<Packet> = { protocol: "tcp", ...packet };
  const tracer = new Tracer(ruleset, nodeIPs);
  tracer.run("nat", "KUBE-SERVICES", p);
  const first = tracer.outputs[0];
  const afterDnat: Required<Packet> = first === undefined ? p : { ...p, destIP: first.startsWith("[") ? first.slice(1, first.indexOf("]")) : (first.split(":")[0] ?? "") };
  for (const chain of ["KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL"]) tracer.run("filter", chain, afterDnat);
  return { output: tracer.outputs.join(", "), masq: tracer.masq };
}

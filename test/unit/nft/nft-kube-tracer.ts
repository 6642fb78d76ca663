import { joinHostPort } from "../../../src/model/ip.js";
import type { Chain, Match, NamedSet, Rule, Ruleset, SetVerdict, Table, Target } from "../../../src/model/ruleset.js";
import { testNodeIPs } from "../../kube-proxy-expected/flows.js";
import type { Packet, TraceResult } from "../../kube-proxy/tracer.js";
import { addressIn } from "../../support/kube-proxy-tracer.js";

// kube-proxy's nftables-mode test tracer (pkg/proxy/nftables/helpers_test.go tracePacket, spec §13),
// rebuilt on kprc's Ruleset model: run filter-prerouting-pre-dnat, then nat-prerouting (DNAT), then
// filter-forward and filter-input with the DNATed destination. `numgen` fans out to every endpoint;
// `jump mark-for-masquerade` sets the masq flag; `ct state new` always matches (new connections);
// affinity sets are empty. Anything the upstream tracer would not understand throws.

type Outcome = "continue" | "return" | "terminate";

class Tracer {
  readonly outputs: string[] = [];
  masq = false;

  constructor(
    private readonly table: Table,
    private readonly nodeIPs: readonly string[],
  ) {}

  private chain(name: string): Chain {
    const c = this.table.chains.find((x) => x.name === name);
    if (c === undefined) throw new Error(`no chain ${name}`);
    return c;
  }

  private set(name: string): NamedSet {
    const s = this.table.sets?.find((x) => x.name === name);
    if (s === undefined) throw new Error(`no set ${name}`);
    return s;
  }

  private matchOne(m: Match, p: Required<Packet>): boolean {
    const neg = (b: boolean, negate?: boolean) => (negate ? !b : b);
    switch (m.kind) {
      case "comment":
        return true;
      case "conntrack":
        if (m.states.join() !== "NEW" || m.negate) throw new Error(`unmatched ct rule ${JSON.stringify(m)}`);
        return true;
      case "saddr":
        return neg(addressIn(m.cidr, p.sourceIP), m.negate);
      case "daddr":
        return neg(addressIn(m.cidr, p.destIP), m.negate);
      case "addrtype":
        return neg(this.nodeIPs.includes(m.side === "src" ? p.sourceIP : p.destIP), m.negate);
      case "inSet": {
        const ip = m.field === "saddr" ? p.sourceIP : p.destIP;
        return neg(this.set(m.set).elements.some((e) => e.key[0] === ip), m.negate);
      }
      case "anyOf":
        return neg(m.cidrs.some((c) => addressIn(c, m.side === "src" ? p.sourceIP : p.destIP)), m.negate);
      case "protocol":
        return m.protocol === p.protocol;
      case "dport":
        return m.port === p.destPort;
      default:
        throw new Error(`unmatched rule fragment ${JSON.stringify(m)}`);
    }
  }

  private lookup(map: string, key: readonly string[]): SetVerdict | undefined {
    return this.set(map).elements.find((e) => e.key.join(" . ") === key.join(" . "))?.value;
  }

  private verdict(t: Target | SetVerdict, p: Required<Packet>): Outcome {
    switch (t.kind) {
      case "jump":
        if (t.chain === "mark-for-masquerade") {
          this.masq = true;
          return "continue";
        }
        return this.run(t.chain, p) === "terminate" ? "terminate" : "continue";
      case "goto":
        return this.run(t.chain, p) === "terminate" ? "terminate" : "return";
      case "verdict":
        if (t.verdict === "RETURN") return "return";
        this.outputs.push(t.verdict);
        return "terminate";
      case "dnat":
        this.outputs.push(joinHostPort(t.ip, t.port));
        return "terminate";
      case "numgen":
        for (const c of t.chains) this.run(c, p);
        return "terminate";
      case "vmap": {
        const key = t.key.map((part) => (part === "daddr" ? p.destIP : part === "l4proto" ? p.protocol : String(p.destPort)));
        const hit = this.lookup(t.map, key);
        return hit === undefined ? "continue" : this.verdict(hit, p);
      }
      case "setUpdate":
        return "continue";
      default:
        throw new Error(`unmatched target ${JSON.stringify(t)}`);
    }
  }

  run(name: string, p: Required<Packet>): Outcome {
    for (const rule of this.chain(name).rules as Rule[]) {
      if (!rule.matches.every((m) => this.matchOne(m, p))) continue;
      if (rule.target === undefined) continue;
      const outcome = this.verdict(rule.target, p);
      if (outcome !== "continue") return outcome;
    }
    return "continue";
  }
}

export function tracePacket(ruleset: Ruleset, packet: Packet, nodeIPs: readonly string[] = testNodeIPs): TraceResult {
  const table = ruleset.tables.find((t) => t.name === "kube-proxy");
  if (table === undefined) throw new Error("no kube-proxy table");
  const p: Required<Packet> = { protocol: "tcp", ...packet };
  const tracer = new Tracer(table, nodeIPs);
  const result = () => ({ output: tracer.outputs.join(", "), masq: tracer.masq });
  if (tracer.run("filter-prerouting-pre-dnat", p) === "terminate") return result();
  tracer.run("nat-prerouting", p);
  // After DNAT the filter hooks see the endpoint's address *and port*. (Upstream's tracer rewrites
  // only the address, so a node-port number could still hit a match-all no-endpoint-nodeports key.)
  const first = tracer.outputs[0];
  const split = first === undefined ? undefined : /^\[?(.*?)\]?:(\d+)$/.exec(first);
  const dnated: Required<Packet> = split ? { ...p, destIP: split[1]!, destPort: Number(split[2]) } : p;
  if (tracer.run("filter-forward", dnated) === "terminate") return result();
  tracer.run("filter-input", dnated);
  return result();
}

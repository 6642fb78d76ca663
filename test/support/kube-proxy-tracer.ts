import { cidrContains, parseCIDR, parseIP } from "../../src/compile/ip.js";
import { parseRestorePayload } from "./kube-proxy-canonical.js";

// kube-proxy's packet tracer from proxier_test.go (tracePacket / runPacketFlowTests, spec §14),
// re-implemented over an iptables-restore payload so its packet-flow expectations can be checked
// against kprc's output. Same deliberate simplifications as kube-proxy's: rules that check state
// (`--rcheck`, `--mark`, `--ctstate`) never match; statistic/comment/nfacct always match; a terminal
// result reached through a `--probability` rule does not stop the caller, so every endpoint of a
// cascade is collected.

interface AddressMatch {
  readonly value: string;
  readonly negated: boolean;
}

interface TracedRule {
  readonly raw: string;
  readonly source?: AddressMatch;
  readonly destination?: AddressMatch;
  readonly srcType?: AddressMatch;
  readonly dstType?: AddressMatch;
  readonly protocol?: AddressMatch;
  readonly dport?: AddressMatch;
  readonly jump?: string;
  readonly dnat?: string;
  readonly probabilistic: boolean;
  readonly stateful: boolean;
}

/** Reads the options kube-proxy's test parser understands out of one `-A` line (quoted comments skipped). */
function parseRule(raw: string): TracedRule {
  const words: string[] = [];
  for (const m of raw.matchAll(/"[^"]*"|\S+/g)) words.push(m[0]);
  const rule: { -readonly [K in keyof TracedRule]?: TracedRule[K] } = { raw, probabilistic: false, stateful: false };
  let negate = false;
  for (let i = 2; i < words.length; i++) {
    const w = words[i] ?? "";
    const next = (): AddressMatch => ({ value: words[++i] ?? "", negated: negate });
    if (w === "!") {
      negate = true;
      continue;
    }
    if (w === "-s") rule.source = next();
    else if (w === "-d") rule.destination = next();
    else if (w === "--src-type") rule.srcType = next();
    else if (w === "--dst-type") rule.dstType = next();
    else if (w === "-p") rule.protocol = next();
    else if (w === "--dport") rule.dport = next();
    else if (w === "-j") rule.jump = words[++i] ?? "";
    else if (w === "--to-destination") rule.dnat = words[++i] ?? "";
    else if (w === "--probability") rule.probabilistic = true;
    else if (w === "--rcheck" || w === "--mark" || w === "--ctstate") rule.stateful = true;
    negate = false;
  }
  return rule as TracedRule;
}

/** Whether `ip` is the address `cidrOrIP` or lies inside the CIDR `cidrOrIP` (shared with the nft-kube tracer). */
export function addressIn(cidrOrIP: string, ip: string): boolean {
  const addr = parseIP(ip);
  if (addr === undefined) return false;
  if (!cidrOrIP.includes("/")) return parseIP(cidrOrIP)?.text === addr.text;
  const cidr = parseCIDR(cidrOrIP);
  return cidr !== undefined && cidrContains(cidr, addr);
}

const addressMatches = (match: AddressMatch, ip: string): boolean => addressIn(match.value, ip) !== match.negated;

const valueMatches = (match: AddressMatch, value: string): boolean => (match.value === value) !== match.negated;

export interface TraceResult {
  /** Terminal targets in order (`10.180.0.1:80`, `REJECT`, `DROP`, `ACCEPT`), joined with ", ". */
  readonly output: string;
  readonly masq: boolean;
  readonly matched: readonly string[];
}

export interface Packet {
  readonly sourceIP: string;
  readonly protocol: string;
  readonly destIP: string;
  readonly destPort: number;
}

type TracedTables = ReadonlyMap<string, ReadonlyMap<string, readonly TracedRule[]>>;

// Flow tests trace many packets through one payload in a row: parse it once.
let lastParsed: { readonly payload: string; readonly tables: TracedTables } | undefined;

function parsedPayload(payload: string): TracedTables {
  if (lastParsed?.payload !== payload) {
    const tables = new Map(parseRestorePayload(payload).map((t) => [t.name, new Map(t.chains.map((c) => [c.name, c.rules.map(parseRule)]))]));
    lastParsed = { payload, tables };
  }
  return lastParsed.tables;
}

/** Traces a packet through nat KUBE-SERVICES (what nat PREROUTING jumps to), then the filter chains. */
export function tracePacket(payload: string, packet: Packet, localIPs: readonly string[]): TraceResult {
  const tables = parsedPayload(payload);
  const local = new Set(["127.0.0.1", "::1", ...localIPs]);
  const outputs: string[] = [];
  const matched: string[] = [];
  let masq = false;

  const ruleMatches = (r: TracedRule, destIP: string): boolean => {
    if (r.source !== undefined && !addressMatches(r.source, packet.sourceIP)) return false;
    if (r.srcType !== undefined && !valueMatches(r.srcType, local.has(packet.sourceIP) ? "LOCAL" : "not-matched")) return false;
    if (r.protocol !== undefined && !valueMatches(r.protocol, packet.protocol)) return false;
    if (r.destination !== undefined && !addressMatches(r.destination, destIP)) return false;
    if (r.dstType !== undefined && !valueMatches(r.dstType, local.has(destIP) ? "LOCAL" : "not-matched")) return false;
    if (r.dport !== undefined && !valueMatches(r.dport, String(packet.destPort))) return false;
    return !r.stateful;
  };

  const runChain = (table: string, chain: string, destIP: string): boolean => {
    for (const r of tables.get(table)?.get(chain) ?? []) {
      if (r.jump === undefined || !ruleMatches(r, destIP)) continue;
      matched.push(r.raw);
      switch (r.jump) {
        case "KUBE-MARK-MASQ":
          masq = true;
          continue;
        case "ACCEPT":
        case "REJECT":
        case "DROP":
          outputs.push(r.jump);
          return true;
        case "DNAT":
          outputs.push(r.dnat ?? "");
          return true;
        default:
          if (runChain(table, r.jump, destIP) && !r.probabilistic) return true;
      }
    }
    return false;
  };

  runChain("nat", "KUBE-SERVICES", packet.destIP);
  // Pending DNATs rewrite the destination the filter rules see (brackets around an IPv6 endpoint).
  const first = outputs[0];
  const destIP = first === undefined ? packet.destIP : first.startsWith("[") ? first.slice(1, first.indexOf("]")) : (first.split(":")[0] ?? "");
  for (const chain of ["KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL"]) runChain("filter", chain, destIP);
  return { output: outputs.join(", "), masq, matched };
}

import { joinHostPort } from "../model/ip.js";
import type { Chain, Rule, Ruleset, Table } from "../model/ruleset.js";
import { ruleKey } from "./rule-key.js";

// Compares the ruleset kprc compiled from a snapshot with one read from a node, the way an
// operator asks: which services are missing, which chains are stale, which endpoints or
// probabilities are wrong. Only kube-proxy's chains count: counters, Docker/CNI chains and the
// foreign rules in built-in chains are ignored (only kube-proxy's own jumps there are checked).

export type Finding =
  | { readonly kind: "missing-service"; readonly table: string; readonly service: string; readonly rule: Rule }
  | { readonly kind: "stale-service"; readonly table: string; readonly service: string; readonly live: Rule }
  | { readonly kind: "missing-chain"; readonly table: string; readonly chain: string }
  | { readonly kind: "stale-chain"; readonly table: string; readonly chain: string }
  | { readonly kind: "wrong-endpoints"; readonly table: string; readonly chain: string; readonly expected: readonly string[]; readonly live: readonly string[] }
  | { readonly kind: "wrong-probabilities"; readonly table: string; readonly chain: string; readonly expected: readonly Rule[]; readonly live: readonly Rule[] }
  | { readonly kind: "missing-jump"; readonly table: string; readonly chain: string; readonly rule: Rule }
  | { readonly kind: "rules-differ"; readonly table: string; readonly chain: string; readonly missing: readonly Rule[]; readonly unexpected: readonly Rule[] };

export interface DiffResult {
  readonly equal: boolean;
  readonly findings: readonly Finding[];
  /** How many kube-proxy chains were compared, per table. */
  readonly comparedChains: number;
}

/** KUBE-* chains that other components own (kubelet's canaries, iptables' hint, the old KUBE-MARK-DROP). */
const NOT_KUBE_PROXY: ReadonlySet<string> = new Set(["KUBE-KUBELET-CANARY", "KUBE-PROXY-CANARY", "KUBE-IPTABLES-HINT", "KUBE-MARK-DROP"]);

export function isKubeProxyChain(name: string): boolean {
  return name.startsWith("KUBE-") && !NOT_KUBE_PROXY.has(name);
}

/** The service port name in a kube-proxy comment: `ns/svc:port cluster IP` → `ns/svc:port`. */
function serviceOf(rule: Rule): string {
  const comment = rule.matches.find((m) => m.kind === "comment");
  return comment?.kind === "comment" ? (comment.text.split(" ")[0] ?? "") : "";
}

function entryKeys(chain: Chain | undefined): Map<string, Rule> {
  return new Map((chain?.rules ?? []).map((r) => [ruleKey(r), r]));
}

/** The DNAT destinations reachable through one SVC/SVL chain (via its KUBE-SEP chains). */
function endpointsOf(table: Table, chain: Chain): string[] {
  const byName = new Map(table.chains.map((c) => [c.name, c]));
  const out: string[] = [];
  for (const rule of chain.rules) {
    if (rule.target?.kind !== "jump" || !rule.target.chain.startsWith("KUBE-SEP-")) continue;
    const sep = byName.get(rule.target.chain);
    const dnat = sep?.rules.find((r) => r.target?.kind === "dnat")?.target;
    const text = dnat?.kind === "dnat" ? joinHostPort(dnat.ip, dnat.port) : rule.target.chain;
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

function compareServiceChain(table: string, exp: Table, live: Table, e: Chain, l: Chain): Finding[] {
  const expectedEndpoints = endpointsOf(exp, e);
  const liveEndpoints = endpointsOf(live, l);
  if ([...expectedEndpoints].sort().join() !== [...liveEndpoints].sort().join()) {
    return [{ kind: "wrong-endpoints", table, chain: e.name, expected: expectedEndpoints, live: liveEndpoints }];
  }
  const random = (c: Chain) => c.rules.filter((r) => r.matches.some((m) => m.kind === "random"));
  const ek = random(e).map(ruleKey);
  const lk = random(l).map(ruleKey);
  if (ek.join("\n") !== lk.join("\n")) return [{ kind: "wrong-probabilities", table, chain: e.name, expected: random(e), live: random(l) }];
  return compareRules(table, e, l);
}

function compareRules(table: string, e: Chain, l: Chain): Finding[] {
  const ek = e.rules.map(ruleKey);
  const lk = l.rules.map(ruleKey);
  if (ek.join("\n") === lk.join("\n")) return [];
  const missing = e.rules.filter((_, i) => !lk.includes(ek[i]!));
  const unexpected = l.rules.filter((_, i) => !ek.includes(lk[i]!));
  // Same rules in another order still differ: the first match wins in iptables.
  return [{ kind: "rules-differ", table, chain: e.name, missing, unexpected }];
}

/** KUBE-SERVICES / KUBE-NODEPORTS / KUBE-EXTERNAL-SERVICES hold one entry rule per service port. */
function compareEntryChain(table: string, e: Chain, l: Chain | undefined): Finding[] {
  const expected = entryKeys(e);
  const live = entryKeys(l);
  const findings: Finding[] = [];
  for (const [key, rule] of expected) if (!live.has(key)) findings.push({ kind: "missing-service", table, service: serviceOf(rule) || e.name, rule });
  for (const [key, rule] of live) if (!expected.has(key)) findings.push({ kind: "stale-service", table, service: serviceOf(rule) || e.name, live: rule });
  if (findings.length === 0 && l !== undefined) return compareRules(table, e, l);
  return findings;
}

function compareBuiltin(table: string, e: Chain, l: Chain | undefined): Finding[] {
  const live = new Set((l?.rules ?? []).map(ruleKey));
  return e.rules.filter((r) => !live.has(ruleKey(r))).map((rule) => ({ kind: "missing-jump", table, chain: e.name, rule }));
}

const ENTRY_CHAINS: ReadonlySet<string> = new Set(["KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-EXTERNAL-SERVICES", "KUBE-PROXY-FIREWALL"]);

function compareTable(exp: Table, live: Table | undefined): { findings: Finding[]; compared: number } {
  const table = exp.name;
  const liveTable: Table = live ?? { name: table, chains: [] };
  const liveChains = new Map(liveTable.chains.map((c) => [c.name as string, c]));
  const findings: Finding[] = [];
  let compared = 0;
  for (const e of exp.chains) {
    const l = liveChains.get(e.name);
    if (e.builtin || e.base !== undefined) {
      findings.push(...compareBuiltin(table, e, l));
      continue;
    }
    compared++;
    if (ENTRY_CHAINS.has(e.name)) findings.push(...compareEntryChain(table, e, l));
    else if (l === undefined) findings.push({ kind: "missing-chain", table, chain: e.name });
    else if (/^KUBE-(SVC|SVL)-/.test(e.name)) findings.push(...compareServiceChain(table, exp, liveTable, e, l));
    else findings.push(...compareRules(table, e, l));
  }
  const expectedNames = new Set(exp.chains.map((c) => c.name as string));
  for (const l of liveTable.chains) {
    if (isKubeProxyChain(l.name) && !expectedNames.has(l.name)) findings.push({ kind: "stale-chain", table, chain: l.name });
  }
  return { findings, compared };
}

export function diffRulesets(expected: Ruleset, live: Ruleset): DiffResult {
  const findings: Finding[] = [];
  let comparedChains = 0;
  for (const table of expected.tables) {
    const result = compareTable(table, live.tables.find((t) => t.name === table.name));
    findings.push(...result.findings);
    comparedChains += result.compared;
  }
  return { equal: findings.length === 0, findings, comparedChains };
}

import type { ChainName } from "../../model/names.js";
import type { Chain, NamedSet, Ruleset, Table } from "../../model/ruleset.js";
import { diffSet } from "./diff-sets.js";
import { sameValue } from "./same-value.js";

// The partial-sync payload between two full rulesets: what must change so that a kernel holding
// `previous` ends up holding exactly `next`.
//
// - A chain that is new, or whose rules differ in any way, is kept whole: a `:` line (or nft
//   `flush chain`) empties it and its rules are written again. A chain is the smallest unit
//   because the probability cascade makes most endpoint-count changes touch every rule anyway.
// - A chain that is unchanged is left out: unlike kube-proxy, which rewrites KUBE-SERVICES and
//   KUBE-NODEPORTS on every sync, we only write them when their content changed.
// - A chain that disappeared goes to `deletedChains`. Every chain that jumped to it either lost
//   that jump (so it changed and is rewritten in this payload) or disappeared too, so once the
//   payload's flushes have run nothing references it and the delete succeeds.

function sameChain(a: Chain, b: Chain): boolean {
  return a.builtin === b.builtin && a.comment === b.comment && sameValue(a.base, b.base) && sameValue(a.rules, b.rules);
}

function changedChains(previous: Table | undefined, next: Table): Chain[] {
  const before = new Map<ChainName, Chain>((previous?.chains ?? []).map((c) => [c.name, c]));
  return next.chains.filter((chain) => {
    const old = before.get(chain.name);
    return old === undefined || !sameChain(old, chain);
  });
}

function goneChains(previous: Table | undefined, next: Table | undefined): ChainName[] {
  const kept = new Set((next?.chains ?? []).map((c) => c.name));
  return (previous?.chains ?? []).filter((c) => !kept.has(c.name) && !c.builtin).map((c) => c.name);
}

function changedSets(previous: Table | undefined, next: Table): NamedSet[] {
  const before = new Map((previous?.sets ?? []).map((s) => [s.name, s]));
  const out: NamedSet[] = [];
  for (const set of next.sets ?? []) {
    const changed = diffSet(before.get(set.name), set);
    if (changed) out.push(changed);
  }
  return out;
}

/** Names of the `recent` lists (session affinity) the table's rules use. */
function recentLists(table: Table | undefined): Set<string> {
  const names = new Set<string>();
  for (const chain of table?.chains ?? []) {
    for (const rule of chain.rules) for (const m of rule.matches) if (m.kind === "recent") names.add(m.name);
  }
  return names;
}

/**
 * Named sets that are gone, and — for the iptables layout rendered as nft, where each `recent`
 * list becomes a set of the same name — affinity lists no rule uses any more. iptables-restore
 * ignores these (the kernel frees an xt_recent list with its last rule); nft must delete the set.
 */
function goneSets(previous: Table | undefined, next: Table | undefined): string[] {
  const kept = new Set((next?.sets ?? []).map((s) => s.name));
  const gone = (previous?.sets ?? []).filter((s) => !kept.has(s.name)).map((s) => s.name);
  const stillUsed = recentLists(next);
  for (const name of recentLists(previous)) if (!stillUsed.has(name) && !kept.has(name)) gone.push(name);
  return gone;
}

/** One table's delta, or undefined when nothing in it changed. */
function diffTable(name: string, previous: Table | undefined, next: Table | undefined): Table | undefined {
  const chains = next ? changedChains(previous, next) : [];
  const sets = next ? changedSets(previous, next) : [];
  const deletedChains = goneChains(previous, next);
  const deletedSets = goneSets(previous, next);
  if (chains.length + sets.length + deletedChains.length + deletedSets.length === 0) return undefined;
  return {
    name,
    chains,
    ...(sets.length > 0 ? { sets } : {}),
    ...(deletedChains.length > 0 ? { deletedChains } : {}),
    ...(deletedSets.length > 0 ? { deletedSets } : {}),
  };
}

/** Tables in `next`'s order, then tables only `previous` had; unchanged tables are left out. */
export function diffRulesets(previous: Ruleset, next: Ruleset): Ruleset {
  if (previous.family !== next.family) throw new Error(`cannot diff an ${previous.family} ruleset against an ${next.family} one`);
  const before = new Map(previous.tables.map((t) => [t.name, t]));
  const names = [...next.tables.map((t) => t.name), ...previous.tables.map((t) => t.name).filter((n) => !next.tables.some((t) => t.name === n))];
  const tables: Table[] = [];
  for (const name of names) {
    const table = diffTable(name, before.get(name), next.tables.find((t) => t.name === name));
    if (table) tables.push(table);
  }
  return { family: next.family, tables, partial: true };
}

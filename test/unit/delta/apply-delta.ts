import { chainName } from "../../../src/model/names.js";
import type { Chain, NamedSet, Ruleset, SetElement, Table } from "../../../src/model/ruleset.js";

// An in-memory model of what `iptables-restore --noflush` does with a partial payload, so the unit
// tests can check "full(previous) + delta = full(next)" without a kernel: a declared chain is
// emptied and refilled, a deleted chain must be unreferenced when it goes, other chains stay.

function referencedChains(chain: Chain): string[] {
  return chain.rules.flatMap((r) => (r.target?.kind === "jump" || r.target?.kind === "goto" ? [r.target.chain] : []));
}

function applyTable(loaded: Table | undefined, delta: Table): Table {
  const chains = new Map<string, Chain>((loaded?.chains ?? []).map((c) => [c.name, c]));
  for (const chain of delta.chains) chains.set(chain.name, chain);
  // The renderer declares every deleted chain (which flushes it) before the first `-X`.
  for (const name of delta.deletedChains ?? []) chains.set(name, { name: chainName(name), rules: [] });
  for (const name of delta.deletedChains ?? []) {
    chains.delete(name);
    const user = [...chains.values()].find((c) => referencedChains(c).includes(name));
    if (user) throw new Error(`-X ${name} fails: still referenced by ${user.name}`);
  }
  for (const chain of chains.values()) {
    for (const target of referencedChains(chain)) {
      if (!chains.has(target)) throw new Error(`${chain.name} jumps to ${target}, which does not exist after the delta`);
    }
  }
  return { name: delta.name, chains: [...chains.values()], sets: applySets(loaded?.sets ?? [], delta) };
}

const keyOf = (e: SetElement) => e.key.join(" . ");

/** nft semantics: deleting a missing element or adding an existing key fails the transaction. */
function applySets(loaded: readonly NamedSet[], delta: Table): NamedSet[] {
  const sets = new Map(loaded.map((s) => [s.name, new Map(s.elements.map((e) => [keyOf(e), e]))]));
  const definitions = new Map(loaded.map((s) => [s.name, s]));
  for (const set of delta.sets ?? []) {
    const elements = sets.get(set.name) ?? new Map<string, SetElement>();
    for (const e of set.deletedElements ?? []) {
      if (!elements.delete(keyOf(e))) throw new Error(`delete element ${set.name} { ${keyOf(e)} } fails: no such element`);
    }
    for (const e of set.elements) {
      if (elements.has(keyOf(e))) throw new Error(`add element ${set.name} { ${keyOf(e)} } fails: it exists`);
      elements.set(keyOf(e), e);
    }
    sets.set(set.name, elements);
    definitions.set(set.name, set);
  }
  for (const name of delta.deletedSets ?? []) sets.delete(name);
  return [...sets].map(([name, elements]) => {
    const { deletedElements: _, ...definition } = definitions.get(name)!;
    return { ...definition, elements: [...elements.values()] };
  });
}

/** The ruleset a kernel holding `loaded` holds after applying `delta`. */
export function applyDelta(loaded: Ruleset, delta: Ruleset): Ruleset {
  if (!delta.partial) throw new Error("not a partial ruleset");
  const tables = loaded.tables.map((t) => {
    const d = delta.tables.find((x) => x.name === t.name);
    return d ? applyTable(t, d) : t;
  });
  for (const d of delta.tables) if (!loaded.tables.some((t) => t.name === d.name)) tables.push(applyTable(undefined, d));
  return { family: loaded.family, tables };
}

/** Tables and chains by name, rules in order: what two kernels holding the same rules agree on. */
export function canonical(ruleset: Ruleset): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const table of [...ruleset.tables].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const entries: Record<string, unknown> = {};
    for (const chain of [...table.chains].sort((a, b) => (a.name < b.name ? -1 : 1))) entries[`chain ${chain.name}`] = chain.rules;
    for (const set of table.sets ?? []) {
      // Only what the kernel keeps: the key and the verdict (kube-proxy never compares comments).
      const elements = set.elements.map((e) => `${keyOf(e)} : ${JSON.stringify(e.value ?? null)}`).sort();
      entries[`set ${set.name}`] = { type: set.type, map: set.map ?? null, flags: set.flags ?? [], elements };
    }
    out[table.name] = entries;
  }
  return out;
}

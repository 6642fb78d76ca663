import type { ChainName } from "../../model/names.js";
import type { BaseChainSpec, Chain, NamedSet, Rule, SetElement, Table } from "../../model/ruleset.js";

// Collects the kube-proxy table while service ports are written in any order: chains by name,
// set elements by key (kube-proxy's element storage keeps one element per key; a later value
// replaces an earlier one, as its delete+add does). The result is in kube-proxy's Fake.Dump()
// order — chains sorted by name, sets then maps sorted by name — so it reads like upstream's tests.

interface ChainEntry {
  base?: BaseChainSpec;
  comment?: string;
  rules: Rule[];
}

export class KubeProxyTableBuilder {
  private readonly chains = new Map<string, ChainEntry>();
  private readonly sets = new Map<string, { set: Omit<NamedSet, "elements">; elements: Map<string, SetElement> }>();

  /** Creates the chain (kube-proxy's `ensureChain`); harmless if it exists. */
  chain(name: ChainName, options: { base?: BaseChainSpec; comment?: string } = {}): void {
    if (!this.chains.has(name)) this.chains.set(name, { ...options, rules: [] });
  }

  rule(chain: ChainName, rule: Rule): void {
    const entry = this.chains.get(chain);
    if (entry === undefined) throw new Error(`internal: rule for undeclared chain ${chain}`);
    entry.rules.push(rule);
  }

  set(set: Omit<NamedSet, "elements">): void {
    if (!this.sets.has(set.name)) this.sets.set(set.name, { set, elements: new Map() });
  }

  element(setName: string, element: SetElement): void {
    const entry = this.sets.get(setName);
    if (entry === undefined) throw new Error(`internal: element for undeclared set ${setName}`);
    entry.elements.set(element.key.join(" . "), element);
  }

  build(comment: string): Table {
    const byName = <T>(entries: Iterable<[string, T]>): [string, T][] => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const chains: Chain[] = byName(this.chains).map(([name, e]) => ({
      name: name as ChainName,
      ...(e.base ? { base: e.base } : {}),
      ...(e.comment !== undefined ? { comment: e.comment } : {}),
      rules: e.rules,
    }));
    const all = byName(this.sets).map(([, e]) => ({ ...e.set, elements: [...e.elements.values()] }));
    const sets: NamedSet[] = [...all.filter((s) => s.map === undefined), ...all.filter((s) => s.map !== undefined)];
    return { name: "kube-proxy", comment, chains, sets };
  }
}

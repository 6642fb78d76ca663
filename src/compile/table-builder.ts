import type { ChainName } from "../model/names.js";
import type { Chain, Rule, Table } from "../model/ruleset.js";

// Collects the chains and rules of one table while the feature modules run, then returns them in
// kprc's fixed order. Rules keep the order they were added in (kube-proxy's emission order).

/**
 * kprc orders chains like the canonical form kube-proxy's own tests compare against
 * (sortIPTablesRules): KUBE-NODEPORTS, KUBE-SERVICES, the other KUBE-* chains in byte order, then
 * every other chain (built-ins) in byte order. kube-proxy's raw payload differs only in chain order
 * and in Go-map-random service order, neither of which changes what iptables-restore loads.
 * Sorted by bucket rather than with a comparator: much faster on 100k chains.
 */
export function sortChainNames<T extends string>(names: readonly T[]): T[] {
  const buckets: T[][] = [[], [], [], []];
  for (const n of names) buckets[rank(n)]?.push(n);
  return buckets.flatMap((b) => b.sort());
}

function rank(n: string): number {
  return n === "KUBE-NODEPORTS" ? 0 : n === "KUBE-SERVICES" ? 1 : n.startsWith("KUBE-") ? 2 : 3;
}

interface ChainEntry {
  readonly builtin: boolean;
  readonly rules: Rule[];
}

export class TableBuilder {
  private readonly chains = new Map<ChainName, ChainEntry>();

  constructor(readonly name: string) {}

  /** Declares a chain (idempotent); a declared chain is written even when it has no rules. */
  declare(chain: ChainName, options?: { builtin?: boolean }): void {
    this.entry(chain, options?.builtin ?? false);
  }

  /** The chain's entry, created on first use: one map lookup per rule on the hot path. */
  private entry(chain: ChainName, builtin = false): ChainEntry {
    let entry = this.chains.get(chain);
    if (entry === undefined) {
      entry = { builtin, rules: [] };
      this.chains.set(chain, entry);
    }
    return entry;
  }

  has(chain: ChainName): boolean {
    return this.chains.has(chain);
  }

  /** Appends a rule to a chain, declaring it if needed. */
  add(chain: ChainName, ...rules: Rule[]): void {
    const entry = this.entry(chain);
    for (const r of rules) entry.rules.push(r);
  }

  build(): Table {
    const names = sortChainNames([...this.chains.keys()]);
    const chains: Chain[] = names.map((name) => {
      const entry = this.chains.get(name);
      const rules = entry?.rules ?? [];
      return entry?.builtin ? { name, builtin: true, rules } : { name, rules };
    });
    return { name: this.name, chains };
  }
}

import { BuiltinChain, chainName, FixedChain, type ChainName } from "../model/names.js";
import type { BaseChainSpec, Chain, Match, Rule, Table } from "../model/ruleset.js";

// Which chains a packet meets at each netfilter hook, in priority order, for both layouts:
// iptables tables (built-in chains PREROUTING…, priorities of their table) and nft tables (base
// chains with `type … hook … priority …`).

export type Hook = BaseChainSpec["hook"];

/** iptables' fixed priorities (NF_IP_PRI_*): raw −300, mangle −150, nat DNAT −100, filter 0, nat SNAT 100. */
function iptablesPriority(table: string, hook: Hook): number | undefined {
  switch (table) {
    case "raw":
      return -300;
    case "mangle":
      return -150;
    case "nat":
      return hook === "postrouting" || hook === "input" ? 100 : -100;
    case "filter":
      return 0;
    default:
      return undefined;
  }
}

const BUILTIN_HOOK: Readonly<Record<string, Hook>> = {
  [BuiltinChain.prerouting]: "prerouting",
  [BuiltinChain.input]: "input",
  [BuiltinChain.forward]: "forward",
  [BuiltinChain.output]: "output",
  [BuiltinChain.postrouting]: "postrouting",
};

export interface HookEntry {
  readonly table: Table;
  readonly chain: Chain;
  readonly priority: number;
  /** True when the chain was not in the input and kube-proxy's own jump rules were assumed. */
  readonly assumed: boolean;
}

const NEW: Match = { kind: "conntrack", states: ["NEW"] };

/**
 * kube-proxy's jump rules from the built-in chains (spec §3.2), in the order they end up in after
 * its `iptables -I` prepends. Used only when the input has no such built-in chain at all (compiled
 * with --no-builtin-jumps, or a dump of just the KUBE-* chains).
 */
const KUBE_PROXY_JUMPS: Readonly<Record<string, Partial<Record<Hook, readonly [readonly Match[], ChainName][]>>>> = {
  nat: {
    prerouting: [[[], FixedChain.services]],
    output: [[[], FixedChain.services]],
    postrouting: [[[], FixedChain.postrouting]],
  },
  filter: {
    input: [
      [[], FixedChain.firewall],
      [[NEW], FixedChain.proxyFirewall],
      [[], FixedChain.nodePorts],
      [[NEW], FixedChain.externalServices],
    ],
    forward: [
      [[NEW], FixedChain.proxyFirewall],
      [[], FixedChain.forward],
      [[NEW], FixedChain.services],
      [[NEW], FixedChain.externalServices],
    ],
    output: [
      [[], FixedChain.firewall],
      [[NEW], FixedChain.proxyFirewall],
      [[NEW], FixedChain.services],
    ],
  },
};

function assumedChain(table: Table, hook: Hook): Chain | undefined {
  const jumps = KUBE_PROXY_JUMPS[table.name]?.[hook];
  const names = new Set(table.chains.map((c) => c.name));
  if (jumps === undefined || (!names.has(FixedChain.services) && !names.has(FixedChain.postrouting))) return undefined;
  const rules: Rule[] = jumps.filter(([, target]) => names.has(target)).map(([matches, target]) => ({ matches, target: { kind: "jump", chain: target } }));
  return { name: chainName(hook.toUpperCase()), builtin: true, rules };
}

export function hookEntries(tables: readonly Table[], hook: Hook): HookEntry[] {
  const entries: HookEntry[] = [];
  for (const table of tables) {
    let found = false;
    for (const chain of table.chains) {
      if (chain.base?.hook === hook) {
        entries.push({ table, chain, priority: chain.base.priority, assumed: false });
        found = true;
      } else if (chain.base === undefined && BUILTIN_HOOK[chain.name] === hook) {
        const priority = iptablesPriority(table.name, hook);
        if (priority !== undefined) entries.push({ table, chain, priority, assumed: false });
        found = true;
      }
    }
    const hasAnyBuiltin = table.chains.some((c) => c.base !== undefined || BUILTIN_HOOK[c.name] !== undefined);
    if (!found && !hasAnyBuiltin) {
      const chain = assumedChain(table, hook);
      const priority = iptablesPriority(table.name, hook);
      if (chain !== undefined && priority !== undefined) entries.push({ table, chain, priority, assumed: true });
    }
  }
  // Stable: equal priorities keep table order.
  return entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.priority - b.e.priority || a.i - b.i).map(({ e }) => e);
}

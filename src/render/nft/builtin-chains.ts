import type { BaseChainSpec, Chain } from "../../model/ruleset.js";

// iptables-nft creates netfilter's built-in chains as base chains with these types, hooks and
// priorities (nft lists them as `priority filter`, `dstnat`, `srcnat`, `mangle`, `raw`). Declaring
// them identically makes `add chain` a no-op on a host where iptables-nft already made them, and a
// different priority would fail ("Operation not supported").

type Hook = BaseChainSpec["hook"];

const spec = (type: BaseChainSpec["type"], hook: Hook, priority: number): BaseChainSpec => ({ type, hook, priority });

const IPTABLES_NFT_BUILTINS: Readonly<Record<string, Readonly<Record<string, BaseChainSpec>>>> = {
  filter: {
    INPUT: spec("filter", "input", 0),
    FORWARD: spec("filter", "forward", 0),
    OUTPUT: spec("filter", "output", 0),
  },
  nat: {
    PREROUTING: spec("nat", "prerouting", -100),
    INPUT: spec("nat", "input", 100),
    OUTPUT: spec("nat", "output", -100),
    POSTROUTING: spec("nat", "postrouting", 100),
  },
  mangle: {
    PREROUTING: spec("filter", "prerouting", -150),
    INPUT: spec("filter", "input", -150),
    FORWARD: spec("filter", "forward", -150),
    OUTPUT: spec("route", "output", -150),
    POSTROUTING: spec("filter", "postrouting", -150),
  },
  raw: {
    PREROUTING: spec("filter", "prerouting", -300),
    OUTPUT: spec("filter", "output", -300),
  },
};

/** The hook a chain attaches to: its own spec, or iptables-nft's for a built-in chain; none for a regular chain. */
export function baseSpecOf(tableName: string, chain: Chain): BaseChainSpec | undefined {
  if (chain.base !== undefined) return chain.base;
  if (!chain.builtin) return undefined;
  const found = IPTABLES_NFT_BUILTINS[tableName]?.[chain.name];
  if (found === undefined) throw new Error(`no iptables-nft hook known for built-in chain ${chain.name} of table ${tableName}`);
  return found;
}

import type { Compiled } from "./kprc.js";
import type { Host } from "./topology.js";
import { must } from "./topology.js";

// Loads compiled rules into the node and reads them back, to prove the kernel holds what kprc wrote:
// every chain of the Ruleset exists with the same number of rules, every set/map exists.

const RULES_FILE = "/tmp/kprc-rules";

/** Empties the node's netfilter state (iptables-nft tables are nft tables too) and its conntrack table. */
export async function resetNode(node: Host): Promise<void> {
  await must(node, ["sh", "-c", "nft flush ruleset && (conntrack -F >/dev/null 2>&1 || true)"]);
}

export async function applyRules(node: Host, compiled: Compiled): Promise<void> {
  await node.container.copyContentToContainer([{ content: compiled.text, target: RULES_FILE }]);
  const cmd = compiled.format === "iptables" ? ["iptables-restore", "-w", RULES_FILE] : ["nft", "-f", RULES_FILE];
  await must(node, cmd);
}

export interface Readback {
  /** `table/chain` → rule count, as the kernel lists it. */
  readonly chains: ReadonlyMap<string, number>;
  readonly sets: ReadonlySet<string>;
}

function parseIptablesSave(text: string): Readback {
  const chains = new Map<string, number>();
  let table = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("*")) table = line.slice(1).trim();
    else if (line.startsWith(":")) chains.set(`${table}/${line.slice(1).split(" ")[0]}`, 0);
    else if (line.startsWith("-A ")) {
      const key = `${table}/${line.split(" ")[1]}`;
      chains.set(key, (chains.get(key) ?? 0) + 1);
    }
  }
  return { chains, sets: new Set() };
}

interface NftJsonItem {
  readonly chain?: { readonly table: string; readonly name: string };
  readonly rule?: { readonly table: string; readonly chain: string };
  readonly set?: { readonly table: string; readonly name: string };
  readonly map?: { readonly table: string; readonly name: string };
}

function parseNftJson(text: string): Readback {
  const items = (JSON.parse(text) as { nftables: NftJsonItem[] }).nftables;
  const chains = new Map<string, number>();
  const sets = new Set<string>();
  for (const item of items) {
    if (item.chain) chains.set(`${item.chain.table}/${item.chain.name}`, chains.get(`${item.chain.table}/${item.chain.name}`) ?? 0);
    if (item.rule) {
      const key = `${item.rule.table}/${item.rule.chain}`;
      chains.set(key, (chains.get(key) ?? 0) + 1);
    }
    if (item.set) sets.add(`${item.set.table}/${item.set.name}`);
    if (item.map) sets.add(`${item.map.table}/${item.map.name}`);
  }
  return { chains, sets };
}

export async function readBack(node: Host, format: Compiled["format"]): Promise<Readback> {
  if (format === "iptables") return parseIptablesSave(await must(node, ["iptables-save"]));
  return parseNftJson(await must(node, ["nft", "-j", "list", "ruleset"]));
}

export interface ReadbackComparison {
  readonly chainsChecked: number;
  readonly rulesChecked: number;
  /** Human-readable differences; empty when the kernel holds exactly the Ruleset's chains and sets. */
  readonly differences: readonly string[];
}

export function compareWithRuleset(compiled: Compiled, kernel: Readback): ReadbackComparison {
  const differences: string[] = [];
  let chainsChecked = 0;
  let rulesChecked = 0;
  for (const table of compiled.ruleset.tables) {
    for (const chain of table.chains) {
      const key = `${table.name}/${chain.name}`;
      const got = kernel.chains.get(key);
      chainsChecked++;
      rulesChecked += chain.rules.length;
      if (got === undefined) differences.push(`chain ${key} missing from the kernel`);
      else if (got !== chain.rules.length) differences.push(`chain ${key}: ${chain.rules.length} rules written, kernel lists ${got}`);
    }
    for (const set of table.sets ?? []) {
      if (!kernel.sets.has(`${table.name}/${set.name}`)) differences.push(`set ${table.name}/${set.name} missing from the kernel`);
    }
  }
  return { chainsChecked, rulesChecked, differences };
}

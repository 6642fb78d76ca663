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
  // Not `iptables-restore -w FILE`: -w takes an optional argument and would swallow the file name.
  const cmd = compiled.format === "iptables" ? ["sh", "-c", `iptables-restore < ${RULES_FILE}`] : ["nft", "-f", RULES_FILE];
  await must(node, cmd);
}

export interface Readback {
  /** `family/table/chain` (family as nft spells it: ip, ip6) → rule count. */
  readonly chains: ReadonlyMap<string, number>;
  readonly sets: ReadonlySet<string>;
}

export function parseIptablesSave(text: string, family: NftFamily): Readback {
  const chains = new Map<string, number>();
  let table = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("*")) table = `${family}/${line.slice(1).trim()}`;
    else if (line.startsWith(":")) chains.set(`${table}/${line.slice(1).split(" ")[0]}`, 0);
    else if (line.startsWith("-A ")) {
      const key = `${table}/${line.split(" ")[1]}`;
      chains.set(key, (chains.get(key) ?? 0) + 1);
    }
  }
  return { chains, sets: new Set() };
}

export type NftFamily = "ip" | "ip6";

interface Named {
  readonly family: string;
  readonly table: string;
  readonly name: string;
}

interface NftJsonItem {
  readonly chain?: Named;
  readonly rule?: { readonly family: string; readonly table: string; readonly chain: string };
  readonly set?: Named;
  readonly map?: Named;
}

export function parseNftJson(text: string): Readback {
  const items = (JSON.parse(text) as { nftables: NftJsonItem[] }).nftables;
  const chains = new Map<string, number>();
  const sets = new Set<string>();
  for (const item of items) {
    if (item.chain) {
      const key = `${item.chain.family}/${item.chain.table}/${item.chain.name}`;
      chains.set(key, chains.get(key) ?? 0);
    }
    if (item.rule) {
      const key = `${item.rule.family}/${item.rule.table}/${item.rule.chain}`;
      chains.set(key, (chains.get(key) ?? 0) + 1);
    }
    for (const set of [item.set, item.map]) if (set) sets.add(`${set.family}/${set.table}/${set.name}`);
  }
  return { chains, sets };
}

/**
 * What an nft script of kprc's dialect declares (one operation per line): chains with their rule
 * counts, and sets/maps.
 */
export function parseNftScript(text: string): Readback {
  const chains = new Map<string, number>();
  const sets = new Set<string>();
  for (const line of text.split("\n")) {
    const w = line.trim().split(/\s+/);
    const key = `${w[2]}/${w[3]}/${w[4]}`;
    if (w[0] === "add" && w[1] === "chain") chains.set(key, chains.get(key) ?? 0);
    else if ((w[0] === "add" || w[0] === "insert") && w[1] === "rule") chains.set(key, (chains.get(key) ?? 0) + 1);
    else if (w[0] === "add" && (w[1] === "set" || w[1] === "map")) sets.add(key);
  }
  return { chains, sets };
}

export async function readBack(node: Host, format: Compiled["format"], family: NftFamily = "ip"): Promise<Readback> {
  if (format === "iptables") return parseIptablesSave(await must(node, [family === "ip" ? "iptables-save" : "ip6tables-save"]), family);
  return parseNftJson(await must(node, ["nft", "-j", "list", "ruleset"]));
}

/** Every chain and set `expected` declares must be in the kernel, each chain with as many rules. */
export function compareReadbacks(expected: Readback, kernel: Readback): string[] {
  const differences: string[] = [];
  for (const [key, count] of expected.chains) {
    const got = kernel.chains.get(key);
    if (got === undefined) differences.push(`chain ${key} missing from the kernel`);
    else if (got !== count) differences.push(`chain ${key}: ${count} rules written, kernel lists ${got}`);
  }
  for (const key of expected.sets) if (!kernel.sets.has(key)) differences.push(`set ${key} missing from the kernel`);
  return differences;
}

export interface ReadbackComparison {
  readonly chainsChecked: number;
  readonly rulesChecked: number;
  /** Human-readable differences; empty when the kernel holds exactly the Ruleset's chains and sets. */
  readonly differences: readonly string[];
}

/** Compares the kernel with the Ruleset model itself (not with the rendered text). */
export function compareWithRuleset(compiled: Compiled, kernel: Readback): ReadbackComparison {
  const family: NftFamily = compiled.ruleset.family === "ipv4" ? "ip" : "ip6";
  const chains = new Map<string, number>();
  const sets = new Set<string>();
  for (const table of compiled.ruleset.tables) {
    for (const chain of table.chains) chains.set(`${family}/${table.name}/${chain.name}`, chain.rules.length);
    for (const set of table.sets ?? []) sets.add(`${family}/${table.name}/${set.name}`);
  }
  let rulesChecked = 0;
  for (const n of chains.values()) rulesChecked += n;
  return { chainsChecked: chains.size, rulesChecked, differences: compareReadbacks({ chains, sets }, kernel) };
}

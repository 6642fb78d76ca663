import type { Chain, Family, NamedSet, Table } from "../../model/ruleset.js";
import { baseSpecOf } from "./builtin-chains.js";
import type { RuleContext } from "./context.js";
import { ruleText } from "./rule.js";
import { counterNames, elementText, isDynamic, recentSets, setDeclaration } from "./sets.js";
import { familyWord, nftComment, nftName } from "./words.js";

// The operations for one table, in an order nft can apply as one transaction: table, chains
// (declared and flushed before any rule jumps to them), sets, counters, rules, elements, and the
// deletions last (a chain can only go once no rule or map element points at it).

export interface TableStyle extends RuleContext {
  readonly family: Family;
  readonly mode: "full" | "delta";
  readonly tablePrefix: string;
}

export function* tableOperations(table: Table, style: TableStyle): Generator<string> {
  const where = `${familyWord(style.family)} ${nftName(style.tablePrefix + table.name)}`;
  const sets = [...(table.sets ?? []), ...recentSets(table, style.family)];
  yield `add table ${where}${table.comment === undefined ? "" : ` { comment ${nftComment(table.comment)} ; }`}`;
  yield* declareChains(where, table, style);
  yield* declareSets(where, sets, style);
  for (const name of counterNames(table)) yield `add counter ${where} ${nftName(name)}`;
  for (const chain of table.chains) yield* chainRules(where, chain, isShared(chain, style), style);
  yield* writeElements(where, sets, style);
  for (const name of table.deletedChains ?? []) yield `delete chain ${where} ${name}`;
  for (const name of table.deletedSets ?? []) yield `delete set ${where} ${nftName(name)}`;
}

/** A built-in chain of iptables-nft's own tables, which other software (Docker) writes to as well. */
function isShared(chain: Chain, style: TableStyle): boolean {
  return (chain.builtin ?? false) && style.tablePrefix === "";
}

function* declareChains(where: string, table: Table, style: TableStyle): Generator<string> {
  for (const chain of table.chains) {
    const shared = isShared(chain, style);
    yield `add chain ${where} ${nftName(chain.name)}${chainSpec(table, chain, shared)}`;
    // Built-in chains of a shared table hold other software's rules: never flush them.
    if (!shared) yield `flush chain ${where} ${chain.name}`;
  }
  // Stale chains are declared too, so that deleting one that is already gone is no error.
  for (const name of table.deletedChains ?? []) {
    yield `add chain ${where} ${nftName(name)}`;
    yield `flush chain ${where} ${name}`;
  }
}

function* declareSets(where: string, sets: readonly NamedSet[], style: TableStyle): Generator<string> {
  for (const set of sets) {
    yield `add ${setDeclaration(set, where)}`;
    // A dynamic set holds affinity state the kernel wrote; keep it, as kube-proxy keeps its recent lists.
    if (style.mode === "full" && !isDynamic(set)) yield `flush ${set.map === "verdict" ? "map" : "set"} ${where} ${set.name}`;
  }
}

/** Full mode refills flushed sets; delta mode deletes gone or changed keys first, then adds. */
function* writeElements(where: string, sets: readonly NamedSet[], style: TableStyle): Generator<string> {
  for (const set of sets) {
    if (style.mode === "delta") {
      for (const element of set.deletedElements ?? []) yield `delete element ${where} ${set.name} ${elementText(set, element, false)}`;
    }
    for (const element of set.elements) yield `add element ${where} ${set.name} ${elementText(set, element, true)}`;
  }
}

function chainSpec(table: Table, chain: Chain, shared: boolean): string {
  const props: string[] = [];
  const base = baseSpecOf(table.name, chain);
  if (base !== undefined) {
    props.push(`type ${base.type} hook ${base.hook} priority ${base.priority}`);
    // A shared chain's policy is its owner's (Docker sets FORWARD to drop): declaring without one
    // leaves it as it is, declaring `policy accept` would silently open the host.
    if (base.policy !== undefined && !shared) props.push(`policy ${base.policy}`);
  }
  if (chain.comment !== undefined) props.push(`comment ${nftComment(chain.comment)}`);
  return props.length === 0 ? "" : ` { ${props.map((p) => `${p} ;`).join(" ")} }`;
}

function* chainRules(where: string, chain: Chain, shared: boolean, ctx: RuleContext): Generator<string> {
  if (!shared) {
    for (const rule of chain.rules) yield `add rule ${where} ${chain.name} ${ruleText(rule, ctx)}`;
    return;
  }
  // kube-proxy puts its jumps at the top of built-in chains (`iptables -I`); inserting in reverse
  // order leaves them on top in model order, ahead of rules other software appended.
  for (const rule of [...chain.rules].reverse()) yield `insert rule ${where} ${chain.name} ${ruleText(rule, ctx)}`;
}

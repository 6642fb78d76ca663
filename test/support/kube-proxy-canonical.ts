// kube-proxy's own comparison form for iptables-restore payloads (proxier_test.go sortIPTablesRules,
// spec §12.5), so kprc's output can be compared byte for byte with the expected dumps in its tests.
// Real kube-proxy processes services in Go-map order; its tests sort the payload into this form first.

interface ParsedChain {
  readonly name: string;
  readonly rules: string[];
}

interface ParsedTable {
  readonly name: string;
  readonly chains: ParsedChain[];
  readonly deleted: Set<string>;
}

/** Parses `*table` / `:CHAIN` / `-A CHAIN …` / `-X CHAIN` / `COMMIT` lines; rules keep their raw text. */
export function parseRestorePayload(text: string): ParsedTable[] {
  const tables: ParsedTable[] = [];
  let table: ParsedTable | undefined;
  const chainOf = (t: ParsedTable, name: string): ParsedChain => {
    let chain = t.chains.find((c) => c.name === name);
    if (chain === undefined) {
      chain = { name, rules: [] };
      t.chains.push(chain);
    }
    return chain;
  };
  for (const [i, line] of text.split("\n").entries()) {
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("*")) {
      table = { name: line.slice(1), chains: [], deleted: new Set() };
      tables.push(table);
      continue;
    }
    if (table === undefined) throw new Error(`line ${i + 1} outside a table: ${line}`);
    if (line === "COMMIT") {
      table = undefined;
    } else if (line.startsWith(":")) {
      chainOf(table, line.slice(1).split(" ")[0] ?? "");
    } else if (line.startsWith("-A ")) {
      chainOf(table, line.split(" ")[1] ?? "").rules.push(line);
    } else if (line.startsWith("-X ")) {
      const name = line.slice(3).trim();
      chainOf(table, name);
      table.deleted.add(name);
    } else {
      throw new Error(`line ${i + 1} is not restore syntax: ${line}`);
    }
  }
  return tables;
}

/** The `--comment` value of a raw rule, unquoted, as kube-proxy's test parser reads it. */
export function commentOf(rule: string): string | undefined {
  const at = rule.indexOf(" --comment ");
  if (at < 0) return undefined;
  const rest = rule.slice(at + " --comment ".length);
  if (rest.startsWith('"')) {
    const end = rest.indexOf('"', 1);
    return end < 0 ? rest.slice(1) : rest.slice(1, end);
  }
  const end = rest.indexOf(" ");
  return end < 0 ? rest : rest.slice(0, end);
}

/** orderByCommentServiceName: the comment up to the first space or colon; "false" when either has no comment. */
function lessByServiceName(a: string, b: string): boolean {
  const ca = commentOf(a);
  const cb = commentOf(b);
  if (ca === undefined || cb === undefined) return false;
  const key = (c: string): string => {
    const i = c.search(/[ :]/);
    return i < 0 ? c : c.slice(0, i);
  };
  return key(ca) < key(cb);
}

function stableSort(rules: string[], less: (a: string, b: string) => boolean): string[] {
  // Go's sort.SliceStable contract; Array.prototype.sort is stable (ES2019).
  return [...rules].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

function chainRank(name: string): [number, string] {
  if (name === "KUBE-NODEPORTS") return [0, ""];
  if (name === "KUBE-SERVICES") return [1, ""];
  return [name.startsWith("KUBE-") ? 2 : 3, name];
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const isLastRule = (rule: string): boolean => (commentOf(rule) ?? "").includes("must be the last rule");

/** Applies sortIPTablesRules and prints the dump the way kube-proxy's test fake does. */
export function canonicalIptables(text: string): string {
  const tables = parseRestorePayload(text).sort((a, b) => byteCompare(a.name, b.name));
  const out: string[] = [];
  for (const table of tables) {
    const chains = [...table.chains].sort((a, b) => {
      const [ra, na] = chainRank(a.name);
      const [rb, nb] = chainRank(b.name);
      return ra !== rb ? ra - rb : byteCompare(na, nb);
    });
    for (const chain of chains) {
      if (chain.name === "KUBE-NODEPORTS" && (table.name === "filter" || table.name === "nat")) {
        chain.rules.splice(0, chain.rules.length, ...stableSort(chain.rules, lessByServiceName));
      } else if (chain.name === "KUBE-SERVICES" && table.name === "filter") {
        chain.rules.splice(0, chain.rules.length, ...stableSort(chain.rules, lessByServiceName));
      } else if (chain.name === "KUBE-SERVICES" && table.name === "nat") {
        const less = (a: string, b: string): boolean => (isLastRule(a) ? false : isLastRule(b) ? true : lessByServiceName(a, b));
        chain.rules.splice(0, chain.rules.length, ...stableSort(chain.rules, less));
      }
    }
    out.push(`*${table.name}`);
    for (const chain of chains) out.push(`:${chain.name} - [0:0]`);
    for (const chain of chains) out.push(...chain.rules);
    for (const chain of chains) if (table.deleted.has(chain.name)) out.push(`-X ${chain.name}`);
    out.push("COMMIT");
  }
  return `${out.join("\n")}\n`;
}

/** The raw rules of one chain, in order (kube-proxy's assertIPTablesChainEqual). */
export function chainRules(text: string, tableName: string, chainName: string): string {
  const table = parseRestorePayload(text).find((t) => t.name === tableName);
  const chain = table?.chains.find((c) => c.name === chainName);
  return (chain?.rules ?? []).map((r) => `${r}\n`).join("");
}

const builtinChains = new Set(["INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING"]);
const builtinTargets = ["ACCEPT", "REJECT", "DROP", "MARK", "RETURN", "DNAT", "SNAT", "MASQUERADE"];
const fixedChains = [
  "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-FORWARD", "KUBE-MARK-MASQ", "KUBE-PROXY-FIREWALL", "KUBE-FIREWALL",
];

/**
 * kube-proxy's checkIPTablesRuleJumps (proxier_test.go): every jump target and every filled chain is
 * declared, no chain that is jumped to is empty (KUBE-NODEPORTS excepted), and no declared chain is
 * unused (the fixed chains excepted). Returns the problems found, [] when consistent. kprc's own
 * addition, the built-in chains and their jumps, is left out first: kube-proxy's payload has none.
 */
export function ruleJumpProblems(text: string): string[] {
  const problems: string[] = [];
  for (const table of parseRestorePayload(text)) {
    const chains = table.chains.filter((c) => !builtinChains.has(c.name));
    const rules = chains.flatMap((c) => c.rules);
    const created = new Set(chains.map((c) => c.name).filter((n) => !table.deleted.has(n)));
    const filled = new Set(chains.filter((c) => c.rules.length > 0).map((c) => c.name));
    const jumped = new Set(rules.map((r) => / -j ([^ ]*)/.exec(r)?.[1]).filter((t): t is string => t !== undefined && !builtinTargets.includes(t)));
    const missing = [...new Set([...jumped, ...filled])].filter((c) => !created.has(c));
    if (missing.length > 0) problems.push(`some chains in ${table.name} are used but were not created: ${missing.join(" ")}`);
    const empty = [...jumped].filter((c) => !filled.has(c) && c !== "KUBE-NODEPORTS");
    if (empty.length > 0) problems.push(`some chains in ${table.name} are jumped to but have no rules: ${empty.join(" ")}`);
    const extra = [...created].filter((c) => !jumped.has(c) && !fixedChains.includes(c));
    if (extra.length > 0) problems.push(`some chains in ${table.name} are created but not used: ${extra.join(" ")}`);
  }
  return problems;
}

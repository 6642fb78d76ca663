// kube-proxy's test canonicalisation (proxier_test.go sortIPTablesRules, spec §12.5), written from
// its description: parse tables/chains/rules, sort tables by name, chains (KUBE-NODEPORTS,
// KUBE-SERVICES, other KUBE-*, others), stable-sort the rules of four chains by service name, and
// print declarations, rules, then `-X` lines. Used to compare kprc's output with kube-proxy's.

interface ParsedTable {
  readonly name: string;
  readonly chains: string[];
  readonly rules: Map<string, string[]>;
  readonly deleted: Set<string>;
}

function parseTables(text: string): ParsedTable[] {
  const tables: ParsedTable[] = [];
  let current: ParsedTable | undefined;
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("*")) {
      current = { name: line.slice(1), chains: [], rules: new Map(), deleted: new Set() };
      tables.push(current);
    } else if (current === undefined) {
      throw new Error(`line outside a table: ${line}`);
    } else if (line.startsWith(":")) {
      const name = line.slice(1).split(" ")[0] ?? "";
      if (!current.chains.includes(name)) current.chains.push(name);
    } else if (line.startsWith("-A ")) {
      const name = line.split(" ")[1] ?? "";
      const list = current.rules.get(name) ?? [];
      list.push(line);
      current.rules.set(name, list);
    } else if (line.startsWith("-X ")) {
      current.deleted.add(line.slice(3));
    } else if (line !== "COMMIT") {
      throw new Error(`unexpected line: ${line}`);
    }
  }
  return tables;
}

function chainRank(name: string): number {
  return name === "KUBE-NODEPORTS" ? 0 : name === "KUBE-SERVICES" ? 1 : name.startsWith("KUBE-") ? 2 : 3;
}

function compareChains(a: string, b: string): number {
  return chainRank(a) - chainRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function serviceKey(rule: string): string {
  const m = /--comment ("[^"]*"|\S+)/.exec(rule);
  if (!m?.[1]) return "";
  const text = m[1].replace(/"/g, "");
  return text.split(/[ :]/)[0] ?? "";
}

function sortByService(rules: string[], keepLastRule: boolean): string[] {
  const last = keepLastRule ? rules.filter((r) => r.includes("must be the last rule")) : [];
  const rest = rules.filter((r) => !last.includes(r));
  // Array.prototype.sort is stable.
  const sorted = rest.sort((a, b) => {
    const ka = serviceKey(a);
    const kb = serviceKey(b);
    // Go's comparator treats a rule without a comment as equal to everything (stable sort keeps it).
    if (ka === "" || kb === "") return 0;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return [...sorted, ...last];
}

export function canonicalIptables(text: string): string {
  const tables = parseTables(text).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const t of tables) {
    out.push(`*${t.name}`);
    const chains = [...t.chains].sort(compareChains);
    for (const c of chains) out.push(`:${c} - [0:0]`);
    for (const c of chains) {
      let rules = t.rules.get(c) ?? [];
      if (c === "KUBE-NODEPORTS" || (c === "KUBE-SERVICES" && t.name === "filter")) rules = sortByService(rules, false);
      if (c === "KUBE-SERVICES" && t.name === "nat") rules = sortByService(rules, true);
      out.push(...rules);
    }
    for (const c of chains) if (t.deleted.has(c)) out.push(`-X ${c}`);
    out.push("COMMIT");
  }
  return `${out.join("\n")}\n`;
}

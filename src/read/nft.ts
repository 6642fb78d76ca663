import type { Family, Ruleset } from "../model/ruleset.js";
import { ReadError } from "./errors.js";
import { readChainProperties, TableDraft } from "./nft-draft.js";
import { readNftListing } from "./nft-listing.js";
import { applySetProperties, readElements } from "./nft-sets.js";
import { tokenizeNft, unquote } from "./nft-tokenize.js";

// nft text → Ruleset. Two forms: kprc's `--format nft` / `--format nft-kube` output (one operation
// per line: `add table`, `add chain`, `add rule`, `insert rule`, `add set`, `add element`, …) and
// what `nft list ruleset` prints after loading it (nested `table { chain { … } }` blocks).

export interface NftParseOptions {
  readonly sourceName?: string;
}

export function parseNft(text: string, options: NftParseOptions = {}): Ruleset {
  const sourceName = options.sourceName ?? "<input>";
  if (/^\s*table\s+\S+\s+\S+\s*\{/m.test(text)) return readNftListing(text, sourceName);
  const tables = new Map<string, TableDraft>();
  let family: Family | undefined;
  text.split("\n").forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const tokens = tokenizeNft(line, lineNumber);
    const [verb, object, familyWord, tableName, name] = tokens;
    if (familyWord !== "ip" && familyWord !== "ip6") throw new ReadError(lineNumber, `expected family ip or ip6, found "${familyWord ?? ""}"`, sourceName);
    if (tableName === undefined) throw new ReadError(lineNumber, "names no table", sourceName);
    family ??= familyWord === "ip" ? "ipv4" : "ipv6";
    const key = `${familyWord} ${tableName}`;
    let table = tables.get(key);
    if (table === undefined) {
      table = new TableDraft(familyWord === "ip" ? "ipv4" : "ipv6", tableName);
      tables.set(key, table);
    }
    readOperation(table, `${verb} ${object}`, name, tokens.slice(5), lineNumber, sourceName);
  });
  return { family: family ?? "ipv4", tables: [...tables.values()].map((t) => t.finish()) };
}

function braced(tokens: readonly string[]): string[] {
  const open = tokens.indexOf("{");
  const close = tokens.lastIndexOf("}");
  return open < 0 || close < open ? [] : tokens.slice(open + 1, close);
}

function readOperation(table: TableDraft, op: string, name: string | undefined, rest: string[], line: number, sourceName: string): void {
  switch (op) {
    case "add table": {
      // `add table ip nat { comment "…" ; }`: the name slot holds `{`.
      const props = name === "{" ? ["{", ...rest] : [];
      const at = props.indexOf("comment");
      if (at >= 0) table.comment = unquote(props[at + 1] ?? "");
      return;
    }
    case "flush table":
    case "delete table":
    case "flush chain":
    case "flush set":
    case "flush map":
    case "add counter":
    case "delete element":
      return;
    default:
      break;
  }
  if (name === undefined) throw new ReadError(line, `"${op}" names nothing`, sourceName);
  switch (op) {
    case "add chain":
    case "create chain": {
      const chain = table.chain(name);
      const props = braced(rest);
      readChainProperties(props, (base) => (chain.base = base), (comment) => (chain.comment = comment));
      return;
    }
    case "add rule":
    case "insert rule":
      table.chain(name).rules.push({ tokens: rest, line, prepend: op === "insert rule" });
      return;
    case "add set":
    case "add map":
      applySetProperties(table.set(name), braced(rest));
      if (op === "add map") table.set(name).map = "verdict";
      return;
    case "add element":
      table.set(name).elements.push(...readElements(braced(rest)));
      return;
    case "delete chain":
      table.deletedChains.push(name);
      return;
    case "delete set":
    case "delete map":
      table.deletedSets.push(name);
      return;
    default:
      throw new ReadError(line, `unknown nft operation "${op}"`, sourceName);
  }
}

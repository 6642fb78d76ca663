import type { Family, Ruleset } from "../model/ruleset.js";
import { ReadError } from "./errors.js";
import { readChainProperties, TableDraft } from "./nft-draft.js";
import { applySetProperty, readElements } from "./nft-sets.js";
import { tokenizeNft } from "./nft-tokenize.js";

// `nft list ruleset` output: `table ip nat {`, `chain X {` with a `type … hook … priority …;
// policy …;` line and one rule per line, `set|map X {` with property lines and `elements = { … }`
// (possibly over several lines), each block closed by `}`.

export function readNftListing(text: string, sourceName: string): Ruleset {
  const tables: TableDraft[] = [];
  let table: TableDraft | undefined;
  let chain: string | undefined;
  let set: string | undefined;
  let elements: string[] | undefined;
  let family: Family | undefined;
  // Named counters (nfacct's stand-in), quotas and other stateful objects: not rule meaning.
  let skipping = false;
  text.split("\n").forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const tokens = tokenizeNft(line, lineNumber);
    if (elements !== undefined && table !== undefined && set !== undefined) {
      elements.push(...tokens);
      if (tokens.includes("}")) {
        table.set(set).elements.push(...readElements(elements.slice(0, elements.lastIndexOf("}"))));
        elements = undefined;
      }
      return;
    }
    if (tokens[0] === "table") {
      const familyWord = tokens[1];
      if (familyWord !== "ip" && familyWord !== "ip6") throw new ReadError(lineNumber, `table family ${familyWord ?? ""} is not ip or ip6`, sourceName);
      family ??= familyWord === "ip" ? "ipv4" : "ipv6";
      table = new TableDraft(familyWord === "ip" ? "ipv4" : "ipv6", tokens[2] ?? "");
      tables.push(table);
      return;
    }
    if (table === undefined) throw new ReadError(lineNumber, "outside any table block", sourceName);
    if (skipping) {
      if (tokens[0] === "}") skipping = false;
      return;
    }
    if (chain === undefined && set === undefined && tokens.length >= 3 && tokens[tokens.length - 1] === "{" && !["chain", "set", "map"].includes(tokens[0]!)) {
      skipping = true;
      return;
    }
    if (tokens[0] === "}") {
      if (chain !== undefined) chain = undefined;
      else if (set !== undefined) set = undefined;
      else table = undefined;
      return;
    }
    if ((tokens[0] === "chain" || tokens[0] === "set" || tokens[0] === "map") && tokens[tokens.length - 1] === "{") {
      if (tokens[0] === "chain") chain = tokens[1];
      else {
        set = tokens[1] ?? "";
        if (tokens[0] === "map") table.set(set).map = "verdict";
      }
      if (chain !== undefined) table.chain(chain);
      return;
    }
    if (set !== undefined) {
      if (tokens[0] === "elements" && tokens[1] === "=") {
        const rest = tokens.slice(3);
        if (rest.includes("}")) table.set(set).elements.push(...readElements(rest.slice(0, rest.lastIndexOf("}"))));
        else elements = rest;
        return;
      }
      applySetProperty(table.set(set), tokens.filter((t) => t !== ";"));
      return;
    }
    if (chain !== undefined) {
      const draft = table.chain(chain);
      if (tokens[0] === "type" && tokens.includes("hook")) {
        readChainProperties(tokens, (base) => (draft.base = base), () => undefined);
        return;
      }
      if (tokens[0] === "comment" && tokens.length === 2) {
        draft.comment = tokens[1]!.slice(1, -1);
        return;
      }
      draft.rules.push({ tokens, line: lineNumber, prepend: false });
      return;
    }
    if (tokens[0] === "comment") table.comment = tokens[1]?.slice(1, -1) ?? "";
  });
  return { family: family ?? "ipv4", tables: tables.map((t) => t.finish()) };
}

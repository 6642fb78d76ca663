import type { Ruleset, Table } from "../../model/ruleset.js";
import { toText, type Sink } from "../sink.js";
import type { MarkFormat } from "./mark.js";
import { ruleArguments } from "./rule-text.js";

// Ruleset → iptables-restore input, laid out as kube-proxy writes it: per table `*name`, chain
// declarations (`:KUBE-X - [0:0]`; built-ins `:INPUT ACCEPT [0:0]`), `-A` rules chain by chain,
// `-X` for deleted chains, `COMMIT`. Every line ends with `\n`; no comments, no blank lines.

export interface IptablesRenderOptions {
  /** `short` (`0x4000`, as in kube-proxy's unit tests; default) or `padded` (`0x00004000`, production's `%#08x`). */
  readonly markFormat?: MarkFormat;
}

export type { MarkFormat } from "./mark.js";

function renderTable(table: Table, sink: Sink, markFormat: MarkFormat): void {
  if (table.sets !== undefined && table.sets.length > 0) throw new Error(`iptables has no form for the named sets of table ${table.name}`);
  sink.write(`*${table.name}\n`);
  for (const chain of table.chains) sink.write(chain.builtin ? `:${chain.name} ACCEPT [0:0]\n` : `:${chain.name} - [0:0]\n`);
  // A deleted chain is declared first, which flushes it, so `-X` cannot fail on a non-empty chain.
  for (const name of table.deletedChains ?? []) sink.write(`:${name} - [0:0]\n`);
  for (const chain of table.chains) {
    for (const rule of chain.rules) {
      const args = ruleArguments(rule, markFormat);
      sink.write(args === "" ? `-A ${chain.name}\n` : `-A ${chain.name} ${args}\n`);
    }
  }
  for (const name of table.deletedChains ?? []) sink.write(`-X ${name}\n`);
  sink.write("COMMIT\n");
}

export function renderIptables(ruleset: Ruleset, sink: Sink, options: IptablesRenderOptions = {}): void {
  const markFormat = options.markFormat ?? "short";
  for (const table of ruleset.tables) renderTable(table, sink, markFormat);
}

export function iptablesText(ruleset: Ruleset, options: IptablesRenderOptions = {}): string {
  return toText((sink) => renderIptables(ruleset, sink, options));
}

import type { Rule, Ruleset, Table } from "../../model/ruleset.js";
import { toText, type Sink } from "../sink.js";
import type { MarkFormat } from "./mark.js";
import { matchText, targetText } from "./rule-text.js";

// Ruleset → iptables-restore input, laid out as kube-proxy writes it: per table `*name`, chain
// declarations (`:KUBE-X - [0:0]`; built-ins `:INPUT ACCEPT [0:0]`), `-A` rules chain by chain,
// `-X` for deleted chains, `COMMIT`. Every line ends with `\n`; no comments, no blank lines.

export interface IptablesRenderOptions {
  /** `short` (`0x4000`, as in kube-proxy's unit tests; default) or `padded` (`0x00004000`, production's `%#08x`). */
  readonly markFormat?: MarkFormat;
}

export type { MarkFormat } from "./mark.js";

/**
 * Output is gathered as pieces and handed to the sink as one joined chunk per this many pieces
 * (a few KB): a 100k-endpoint ruleset is ~400k lines, and building each line by string
 * concatenation, then writing it alone, leaves millions of rope nodes (V8 cons strings) for the GC
 * and the final join to walk; Array.join writes the pieces straight into one flat string. Small
 * chunks measured faster than large ones (the pieces array stays in the young generation).
 */
const CHUNK_PIECES = 1 << 8;

/** Buffers text pieces and hands them to the sink in flat chunks. */
class ChunkedWriter {
  private readonly pieces: string[] = [];

  constructor(private readonly sink: Sink) {}

  put(text: string): void {
    this.pieces.push(text);
    if (this.pieces.length >= CHUNK_PIECES) this.flush();
  }

  flush(): void {
    if (this.pieces.length === 0) return;
    this.sink.write(this.pieces.join(""));
    this.pieces.length = 0;
  }
}

/** `-A CHAIN args\n`, the arguments spelt as ruleArguments() does, written piece by piece. */
function writeRule(out: ChunkedWriter, chain: string, rule: Rule, markFormat: MarkFormat): void {
  out.put("-A ");
  out.put(chain);
  const count = rule.matches.length + (rule.target === undefined ? 0 : 1);
  for (const m of rule.matches) writeArgument(out, matchText(m, markFormat), count);
  if (rule.target !== undefined) writeArgument(out, targetText(rule.target, markFormat), count);
  out.put("\n");
}

/** Each argument is preceded by a space, except that a lone empty argument leaves the line bare, like ruleArguments(). */
function writeArgument(out: ChunkedWriter, text: string, count: number): void {
  if (count === 1 && text === "") return;
  out.put(" ");
  out.put(text);
}

function renderTable(table: Table, out: ChunkedWriter, markFormat: MarkFormat): void {
  if (table.sets !== undefined && table.sets.length > 0) throw new Error(`iptables has no form for the named sets of table ${table.name}`);
  out.put(`*${table.name}\n`);
  for (const chain of table.chains) out.put(chain.builtin ? `:${chain.name} ACCEPT [0:0]\n` : `:${chain.name} - [0:0]\n`);
  // A deleted chain is declared first, which flushes it, so `-X` cannot fail on a non-empty chain.
  for (const name of table.deletedChains ?? []) out.put(`:${name} - [0:0]\n`);
  // Sections stream as they finish, so even a small table reaches the sink in more than one write.
  out.flush();
  for (const chain of table.chains) {
    for (const rule of chain.rules) writeRule(out, chain.name, rule, markFormat);
  }
  for (const name of table.deletedChains ?? []) out.put(`-X ${name}\n`);
  out.put("COMMIT\n");
  out.flush();
}

export function renderIptables(ruleset: Ruleset, sink: Sink, options: IptablesRenderOptions = {}): void {
  const markFormat = options.markFormat ?? "short";
  const out = new ChunkedWriter(sink);
  for (const table of ruleset.tables) renderTable(table, out, markFormat);
}

export function iptablesText(ruleset: Ruleset, options: IptablesRenderOptions = {}): string {
  return toText((sink) => renderIptables(ruleset, sink, options));
}

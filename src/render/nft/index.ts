import type { Ruleset } from "../../model/ruleset.js";
import { toText, type Sink } from "../sink.js";
import { tableOperations, type TableStyle } from "./table.js";

// Ruleset → `nft -f` input. The same renderer serves both layouts: the iptables one (`--format nft`:
// tables `ip nat`/`ip filter`, KUBE-* chains) and kube-proxy's nftables mode (`--format nft-kube`:
// table `ip kube-proxy`). One operation per line, family and table repeated, as knftables writes
// them, so a payload is a single atomic transaction and every line can be read on its own.

export interface NftRenderOptions {
  /**
   * `full` (default, unless `ruleset.partial`): the whole ruleset; non-dynamic sets are flushed
   * and refilled. `delta`: a partial payload — only the listed chains are (re)written, set
   * elements are deleted/added one by one, nothing else is touched.
   */
  readonly mode?: "full" | "delta";
  /**
   * Prefix for table names (`kprc-` → `ip kprc-nat`). Without it the iptables layout shares
   * iptables-nft's own `ip nat`/`ip filter` with Docker & co., so built-in chains (PREROUTING…) are
   * only declared, never flushed, and kube-proxy's jumps are inserted at their top; with it the
   * tables are ours alone and built-in chains are flushed and rewritten like any other.
   */
  readonly tablePrefix?: string;
  /** `short` (`0x4000`, as kube-proxy's unit tests; default, like the iptables renderer) or `padded` (`0x00004000`, production's `%#08x`). */
  readonly markFormat?: "short" | "padded";
}

export function renderNft(ruleset: Ruleset, sink: Sink, options: NftRenderOptions = {}): void {
  const style: TableStyle = {
    family: ruleset.family,
    mode: options.mode ?? (ruleset.partial ? "delta" : "full"),
    tablePrefix: options.tablePrefix ?? "",
    shortMarks: (options.markFormat ?? "short") === "short",
  };
  // Lines go out in chunks: one sink write per line costs more than rendering it on 10⁵-rule sets.
  let chunk: string[] = [];
  for (const table of ruleset.tables) {
    for (const line of tableOperations(table, style)) {
      chunk.push(line);
      if (chunk.length === CHUNK_LINES) {
        sink.write(`${chunk.join("\n")}\n`);
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) sink.write(`${chunk.join("\n")}\n`);
}

const CHUNK_LINES = 1024;

export function nftText(ruleset: Ruleset, options: NftRenderOptions = {}): string {
  return toText((sink) => renderNft(ruleset, sink, options));
}

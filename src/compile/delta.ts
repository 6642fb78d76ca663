import type { ProxyConfig } from "../model/config.js";
import type { Ruleset } from "../model/ruleset.js";
import type { Snapshot } from "../model/snapshot.js";
import { diffRulesets } from "./delta/diff-rulesets.js";
import { serviceScopedDelta } from "./delta/service-scoped.js";
import { compile } from "./index.js";

// compileDelta: kube-proxy's partial sync as a pure function. Given the objects a node's rules were
// last compiled from and the objects now, it returns only what must change — chains whose content
// changed (rewritten whole), new chains, chains to delete, and for nft-kube the map/set elements to
// add or delete — marked `partial`, to be applied on top of the previous payload with
// `iptables-restore --noflush` or `nft -f`. Loading full(previous) and then the delta leaves the
// kernel with exactly full(next) (test/kernel/delta-roundtrip.test.ts).

/** A full compiler: `compile` (iptables layout, also rendered by `--format nft`) or `compileNftKube`. */
export type Compiler = (snapshot: Snapshot, config: ProxyConfig) => Ruleset;

export interface DeltaOptions {
  /** Which layout to diff; the iptables layout by default. */
  readonly compiler?: Compiler;
  /**
   * `auto` (default): compile only the changed services when that is provably enough (the usual
   * endpoint churn), else both snapshots in full. `full`: always both in full. Same result.
   */
  readonly strategy?: "auto" | "full";
}

export function compileDelta(previous: Snapshot, next: Snapshot, config: ProxyConfig, options: DeltaOptions = {}): Ruleset {
  const compileWith = options.compiler ?? compile;
  if (options.strategy !== "full") {
    const scoped = serviceScopedDelta(previous, next, config, compileWith);
    if (scoped !== undefined) return scoped;
  }
  return diffRulesets(compileWith(previous, config), compileWith(next, config));
}

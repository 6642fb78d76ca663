import type { ProxyConfig } from "../../model/config.js";
import type { Ruleset } from "../../model/ruleset.js";
import type { Snapshot } from "../../model/snapshot.js";
import { isServiceChain } from "../chain-names.js";
import { changedServices, subSnapshot } from "./changed-services.js";
import { diffRulesets } from "./diff-rulesets.js";
import { sharedLargeClusterMode } from "./large-cluster.js";
import { sameValue } from "./same-value.js";

// The fast path of compileDelta: compile only the services that changed, on both sides, and diff
// those. A service's own chains (and its map elements) depend on nothing but the service, its
// slices, the nodes, the settings and large-cluster mode; the shared chains (KUBE-SERVICES,
// KUBE-NODEPORTS, filter chains, nft-kube's fixed chains) are the fixed rules plus each service's
// contribution in service order. So when the changed services contribute the same shared rules
// before and after, the shared chains are unchanged and the small diff is the whole delta. When
// they do not (a service added, removed, re-typed), or when the snapshots differ in anything else,
// this returns undefined and compileDelta diffs the full rulesets instead.

/** Changing more than this share of the services makes the small compiles no cheaper than full ones. */
const MAX_CHANGED_SHARE = 0.25;

/** Chains and sets that belong to one service (iptables KUBE-SVC/SEP/…; nft-kube names contain `/`). */
function perService(name: string): boolean {
  return isServiceChain(name) || name.includes("/");
}

function touchesOnlyServiceObjects(delta: Ruleset): boolean {
  return delta.tables.every(
    (t) =>
      t.chains.every((c) => !c.builtin && perService(c.name)) &&
      (t.deletedChains ?? []).every(perService) &&
      (t.deletedSets ?? []).every(perService),
  );
}

export function serviceScopedDelta(
  previous: Snapshot,
  next: Snapshot,
  config: ProxyConfig,
  compile: (snapshot: Snapshot, config: ProxyConfig) => Ruleset,
): Ruleset | undefined {
  if (!sameValue(previous.nodes, next.nodes)) return undefined;
  const changed = changedServices(previous, next);
  if (changed.size === 0) return { family: config.family, tables: [], partial: true };
  if (changed.size > MAX_CHANGED_SHARE * Math.max(previous.services.length, next.services.length)) return undefined;

  const large = sharedLargeClusterMode(previous, next, changed, config);
  if (large === undefined) return undefined;
  // Pin the mode of the small compiles to the whole snapshot's: any count is > -1, none is > ∞.
  const pinned: ProxyConfig = { ...config, largeClusterEndpointsThreshold: large ? -1 : Number.POSITIVE_INFINITY };
  const delta = diffRulesets(compile(subSnapshot(previous, changed), pinned), compile(subSnapshot(next, changed), pinned));
  return touchesOnlyServiceObjects(delta) ? delta : undefined;
}

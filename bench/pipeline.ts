import { compileDelta } from "../src/compile/delta.js";
import { compile } from "../src/compile/index.js";
import { compileNftKube } from "../src/compile/nft-kube/index.js";
import { loadSnapshot } from "../src/input/load-snapshot.js";
import { defaultProxyConfig, type ProxyConfig } from "../src/model/config.js";
import type { Ruleset } from "../src/model/ruleset.js";
import type { Format } from "./measurements.js";
import type { Snapshot } from "../src/model/snapshot.js";
import { renderIptables } from "../src/render/iptables/index.js";
import { renderNft } from "../src/render/nft/index.js";
import { toText } from "../src/render/sink.js";
import { CLUSTER_CIDR, NODE_IP, NODE_NAME } from "./generate.js";

// The library calls the benchmark measures, in one place, with the node settings of the
// synthetic cluster.

export const benchConfig: ProxyConfig = {
  ...defaultProxyConfig,
  nodeName: NODE_NAME,
  nodeIPs: [NODE_IP],
  detectLocal: { mode: "ClusterCIDR", cidrs: [CLUSTER_CIDR] },
};

export type Layout = "iptables" | "nft-kube";

export function parse(text: string): Snapshot {
  return loadSnapshot([{ name: "bench.yaml", text }]).snapshot;
}

export function compileLayout(snapshot: Snapshot, layout: Layout): Ruleset {
  return layout === "iptables" ? compile(snapshot, benchConfig) : compileNftKube(snapshot, benchConfig);
}

export function delta(previous: Snapshot, next: Snapshot, layout: Layout, strategy: "auto" | "full" = "auto"): Ruleset {
  return compileDelta(previous, next, benchConfig, { compiler: layout === "iptables" ? compile : compileNftKube, strategy });
}

export function render(ruleset: Ruleset, format: Format): string {
  return toText((sink) => (format === "iptables" ? renderIptables(ruleset, sink) : renderNft(ruleset, sink)));
}

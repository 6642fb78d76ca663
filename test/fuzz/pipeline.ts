import { compile } from "../../src/compile/index.js";
import { loadSnapshot } from "../../src/input/load-snapshot.js";
import { defaultProxyConfig, type ProxyConfig } from "../../src/model/config.js";
import { iptablesText } from "../../src/render/iptables/index.js";
import type { NodeSettings } from "../support/arbitraries.js";
import type { Source } from "./sources.js";

// The library path: text → loadSnapshot → compile → render, with the settings turned into a
// ProxyConfig the way kube-proxy's flags would be.

export function proxyConfig(s: NodeSettings): ProxyConfig {
  return {
    ...defaultProxyConfig,
    family: s.family,
    nodeName: s.nodeName,
    nodeIPs: s.nodeIPs,
    detectLocal: s.clusterCIDR ? { mode: "ClusterCIDR", cidrs: [s.clusterCIDR] } : { mode: "None" },
    masqueradeAll: s.masqueradeAll,
    masqueradeBit: s.masqueradeBit,
    nodePortAddresses: s.nodePortAddresses,
  };
}

export function compileIptables(sources: readonly Source[], settings: NodeSettings): string {
  const { snapshot } = loadSnapshot(sources);
  return iptablesText(compile(snapshot, proxyConfig(settings)));
}

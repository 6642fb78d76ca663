import { formats } from "../../src/cli/formats.js";
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
    detectLocal: s.clusterCIDR
      ? { mode: "ClusterCIDR", cidrs: s.clusterCIDR.split(",") }
      : s.detectLocal?.mode === "BridgeInterface"
        ? { mode: "BridgeInterface", interfaceName: s.detectLocal.name }
        : s.detectLocal?.mode === "InterfaceNamePrefix"
          ? { mode: "InterfaceNamePrefix", prefix: s.detectLocal.name }
          : { mode: "None" },
    masqueradeAll: s.masqueradeAll,
    masqueradeBit: s.masqueradeBit,
    nodePortAddresses: s.nodePortAddresses,
    localhostNodePorts: s.localhostNodePorts,
    nfacct: s.nfacct,
    randomFully: s.randomFully,
    builtinJumps: s.builtinJumps,
    conntrackTcpBeLiberal: s.tcpBeLiberal,
    ...(s.largeClusterThreshold !== undefined ? { largeClusterEndpointsThreshold: s.largeClusterThreshold } : {}),
  };
}

export function compileIptables(sources: readonly Source[], settings: NodeSettings): string {
  const { snapshot } = loadSnapshot(sources);
  return iptablesText(compile(snapshot, proxyConfig(settings)));
}

/** Every output format the CLI offers (iptables, nft, nft-kube), through the formats registry. */
export function compileAllFormats(sources: readonly Source[], settings: NodeSettings): Record<string, string> {
  const { snapshot } = loadSnapshot(sources);
  const config = proxyConfig(settings);
  return Object.fromEntries(formats.map((f) => [f.name, f.render(f.compile(snapshot, config), { markFormat: "short" })]));
}

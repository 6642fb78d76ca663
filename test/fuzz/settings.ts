import fc from "fast-check";
import { defaultProxyConfig } from "../../src/model/config.js";

// Node settings for generated cases (kube-proxy's flags), as CLI flags and as a ProxyConfig.

export const NODE_NAME = "node-a";
export const NODE_IPS = { IPv4: "192.168.0.10", IPv6: "fd00:192:168::10" } as const;

export interface NodeSettings {
  readonly family: "ipv4" | "ipv6";
  readonly nodeName: string;
  readonly nodeIPs: readonly string[];
  readonly clusterCIDR?: string;
  readonly masqueradeAll: boolean;
  readonly masqueradeBit: number;
  readonly nodePortAddresses: readonly string[];
  /** `--detect-local-mode` other than ClusterCIDR, with its interface argument. */
  readonly detectLocal?: { readonly mode: "BridgeInterface" | "InterfaceNamePrefix"; readonly name: string };
  readonly localhostNodePorts: boolean;
  readonly nfacct: boolean;
  readonly randomFully: boolean;
  readonly builtinJumps: boolean;
  readonly tcpBeLiberal: boolean;
  /** kube-proxy's large-cluster mode (no per-endpoint comments) above this many endpoints. */
  readonly largeClusterThreshold?: number;
}

const settingsShape = fc.record({
  family: fc.constantFrom<"ipv4" | "ipv6">("ipv4", "ipv6"),
  clusterCIDR: fc.constantFrom("none", "own", "both"),
  nodeIPs: fc.constantFrom("both", "both", "own", "none"),
  masqueradeAll: fc.boolean(),
  masqueradeBit: fc.oneof(fc.constant(14), fc.integer({ min: 0, max: 31 })),
  nodePortAddresses: fc.constantFrom("none", "primary", "cidr", "both"),
  detectLocal: fc.constantFrom(undefined, undefined, { mode: "BridgeInterface" as const, name: "cbr0" }, { mode: "InterfaceNamePrefix" as const, name: "veth" }),
  flags: fc.record({ localhostNodePorts: fc.boolean(), nfacct: fc.boolean(), randomFully: fc.boolean(), builtinJumps: fc.boolean(), tcpBeLiberal: fc.boolean() }),
  largeClusterThreshold: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 6, nil: undefined }),
});

function buildSettings(s: typeof settingsShape extends fc.Arbitrary<infer T> ? T : never): NodeSettings {
  const v6 = s.family === "ipv6";
  const cidr = v6 ? "fd00:192:168::/64" : "192.168.0.0/24";
  return {
    family: s.family,
    nodeName: NODE_NAME,
    // With no --node-ip, the Node object's addresses are used (when the case has one).
    nodeIPs: { both: [NODE_IPS.IPv4, NODE_IPS.IPv6], own: [v6 ? NODE_IPS.IPv6 : NODE_IPS.IPv4], none: [] }[s.nodeIPs],
    ...(s.clusterCIDR !== "none" ? { clusterCIDR: s.clusterCIDR === "both" ? "10.244.0.0/16,fd00:244::/64" : v6 ? "fd00:244::/64" : "10.244.0.0/16" } : {}),
    masqueradeAll: s.masqueradeAll,
    masqueradeBit: s.masqueradeBit,
    nodePortAddresses: { none: [], primary: ["primary"], cidr: [cidr], both: ["192.168.0.0/24", "fd00:192:168::/64"] }[s.nodePortAddresses],
    ...(s.detectLocal && s.clusterCIDR === "none" ? { detectLocal: s.detectLocal } : {}),
    ...s.flags,
    ...(s.largeClusterThreshold !== undefined ? { largeClusterThreshold: s.largeClusterThreshold } : {}),
  };
}

/** Random node settings covering every flag that changes the rules. */
export const settingsArb: fc.Arbitrary<NodeSettings> = settingsShape.map(buildSettings);

/** kube-proxy's defaults (kprc's defaultProxyConfig), for hand-built cases. */
const d = defaultProxyConfig;
export const defaultSettings: NodeSettings = {
  family: d.family,
  nodeName: NODE_NAME,
  nodeIPs: [...d.nodeIPs],
  masqueradeAll: d.masqueradeAll,
  masqueradeBit: d.masqueradeBit,
  nodePortAddresses: [...d.nodePortAddresses],
  localhostNodePorts: d.localhostNodePorts,
  nfacct: d.nfacct,
  randomFully: d.randomFully,
  builtinJumps: d.builtinJumps,
  tcpBeLiberal: d.conntrackTcpBeLiberal,
};

/** kprc compile flags for the settings (kube-proxy's flag names). */
export function settingsArgs(s: NodeSettings): string[] {
  const args = ["--family", s.family, "--node-name", s.nodeName];
  for (const ip of s.nodeIPs) args.push("--node-ip", ip);
  if (s.clusterCIDR) args.push("--cluster-cidr", s.clusterCIDR);
  if (s.masqueradeAll) args.push("--masquerade-all");
  args.push("--iptables-masquerade-bit", String(s.masqueradeBit));
  if (s.nodePortAddresses.length > 0) args.push("--nodeport-addresses", s.nodePortAddresses.join(","));
  if (s.detectLocal?.mode === "BridgeInterface") args.push("--detect-local-mode", "BridgeInterface", "--pod-bridge-interface", s.detectLocal.name);
  if (s.detectLocal?.mode === "InterfaceNamePrefix") args.push("--detect-local-mode", "InterfaceNamePrefix", "--pod-interface-name-prefix", s.detectLocal.name);
  const flag = (name: string, on: boolean) => args.push(on ? `--${name}` : `--no-${name}`);
  flag("iptables-localhost-nodeports", s.localhostNodePorts);
  flag("nfacct", s.nfacct);
  flag("random-fully", s.randomFully);
  flag("builtin-jumps", s.builtinJumps);
  flag("conntrack-tcp-be-liberal", s.tcpBeLiberal);
  if (s.largeClusterThreshold !== undefined) args.push("--large-cluster-threshold", String(s.largeClusterThreshold));
  return args;
}

import type { Family } from "./ruleset.js";

// Node settings that change the rules, named after kube-proxy's flags and
// KubeProxyConfiguration fields.

export type DetectLocal =
  | { readonly mode: "None" }
  | { readonly mode: "ClusterCIDR"; readonly cidrs: readonly string[] }
  | { readonly mode: "NodeCIDR"; readonly cidrs: readonly string[] }
  | { readonly mode: "BridgeInterface"; readonly interfaceName: string }
  | { readonly mode: "InterfaceNamePrefix"; readonly prefix: string };

export interface ProxyConfig {
  readonly family: Family;
  /** `--hostname-override`: the node the rules are for; locality decisions use it. */
  readonly nodeName: string;
  /** `--node-ip` (repeatable): this node's addresses, both families; the first of a family is its primary IP. */
  readonly nodeIPs: readonly string[];
  /** The node's `topology.kubernetes.io/zone`, for topology-aware routing. */
  readonly nodeZone?: string;
  /** How pod traffic is recognised (`--detect-local-mode`; `--cluster-cidr` gives ClusterCIDR). */
  readonly detectLocal: DetectLocal;
  readonly masqueradeAll: boolean;
  /** `--iptables-masquerade-bit`, 0..31; the mark is `1 << bit`. */
  readonly masqueradeBit: number;
  /** `--nodeport-addresses`: CIDRs, or `primary`; empty means every local address. */
  readonly nodePortAddresses: readonly string[];
  /**
   * The cluster's ServiceCIDRs (ServiceCIDR objects / `--service-cluster-ip-range`), both families.
   * Only nftables mode uses them: it drops traffic to unallocated ClusterIPs inside these ranges.
   */
  readonly serviceCIDRs?: readonly string[];
  /** `--iptables-localhost-nodeports`. */
  readonly localhostNodePorts: boolean;
  /** Whether the nfacct counters kube-proxy creates exist on the node (they add `-m nfacct` matches). */
  readonly nfacct: boolean;
  /** Whether iptables supports `--random-fully` on MASQUERADE (iptables ≥ 1.6.2). */
  readonly randomFully: boolean;
  /** Endpoint count above which kube-proxy drops per-endpoint comments (`largeClusterEndpointsThreshold`, 1000). */
  readonly largeClusterEndpointsThreshold: number;
  /** `net.netfilter.nf_conntrack_tcp_be_liberal` != 0 drops the INVALID rule from KUBE-FORWARD. */
  readonly conntrackTcpBeLiberal: boolean;
  /** Also write the jumps from the built-in chains, which kube-proxy installs with `iptables -I` outside its payload. */
  readonly builtinJumps: boolean;
}

export const defaultProxyConfig: ProxyConfig = {
  family: "ipv4",
  nodeName: "",
  nodeIPs: [],
  detectLocal: { mode: "None" },
  masqueradeAll: false,
  masqueradeBit: 14,
  nodePortAddresses: [],
  localhostNodePorts: true,
  nfacct: false,
  randomFully: false,
  largeClusterEndpointsThreshold: 1000,
  conntrackTcpBeLiberal: false,
  builtinJumps: true,
};

import type { Family } from "../model/ruleset.js";

// The node settings as given (flags, or a KubeProxyConfiguration file), before precedence and
// defaults are applied. Every field is optional: "absent" means "the next source decides".

export type DetectLocalModeName = "ClusterCIDR" | "NodeCIDR" | "BridgeInterface" | "InterfaceNamePrefix";

export interface ProxySettings {
  readonly family?: Family;
  /** `--hostname-override` / `--node-name`, `hostnameOverride`. */
  readonly nodeName?: string;
  /** `--node-ip` (repeatable), `nodeIPOverride`. */
  readonly nodeIPs?: readonly string[];
  /** `--cluster-cidr` (comma-separated, one per family), `clusterCIDR`. */
  readonly clusterCIDRs?: readonly string[];
  readonly detectLocalMode?: DetectLocalModeName;
  /** `--pod-interface-name-prefix`, `detectLocal.interfaceNamePrefix`. */
  readonly podInterfaceNamePrefix?: string;
  /** `--pod-bridge-interface`, `detectLocal.bridgeInterface`. */
  readonly podBridgeInterface?: string;
  readonly masqueradeAll?: boolean;
  readonly masqueradeBit?: number;
  readonly nodePortAddresses?: readonly string[];
  /** `--service-cidr` (kube-apiserver's `--service-cluster-ip-range`): nftables mode drops unallocated cluster IPs in them. */
  readonly serviceCIDRs?: readonly string[];
  readonly localhostNodePorts?: boolean;
  readonly nodeZone?: string;
  readonly nfacct?: boolean;
  readonly randomFully?: boolean;
  readonly builtinJumps?: boolean;
  readonly largeClusterEndpointsThreshold?: number;
  readonly conntrackTcpBeLiberal?: boolean;
}

export const detectLocalModes: readonly DetectLocalModeName[] = ["ClusterCIDR", "NodeCIDR", "BridgeInterface", "InterfaceNamePrefix"];

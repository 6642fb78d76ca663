import { defaultProxyConfig, type DetectLocal, type ProxyConfig } from "../model/config.js";
import type { Node, Snapshot } from "../model/snapshot.js";
import type { Source } from "./documents.js";
import { InputError } from "./errors.js";
import { cidr, integerIn, ipAddress, labelValue, subdomainName } from "./fields.js";
import { readKubeProxyConfiguration } from "./kube-proxy-configuration.js";
import { detectLocalModes, type ProxySettings } from "./proxy-settings.js";
import { interfaceName, nodePortAddress } from "./setting-values.js";

// ProxyConfig from its sources, in kube-proxy's precedence: flags, then the --config file, then
// this node's Node object in the snapshot (its IPs and zone label; ServiceCIDR objects), then kube-proxy's defaults.

export type { ProxySettings } from "./proxy-settings.js";

export interface ProxyConfigSources {
  /** Flags as given on the command line (or by a library caller). Validated here. */
  readonly flags?: ProxySettings;
  /** A KubeProxyConfiguration file (`--config`). */
  readonly configFile?: Source;
  /** The snapshot, for the Node object named by the node name. */
  readonly snapshot?: Snapshot;
}

const zoneLabel = "topology.kubernetes.io/zone";

export function resolveProxyConfig(sources: ProxyConfigSources = {}): ProxyConfig {
  const flags = validateFlags(sources.flags ?? {});
  const file = sources.configFile === undefined ? {} : readKubeProxyConfiguration(sources.configFile);
  const merged: ProxySettings = { ...withoutUndefined(file), ...withoutUndefined(flags) };
  const nodeName = merged.nodeName ?? defaultProxyConfig.nodeName;
  const node = sources.snapshot?.nodes.find((n) => n.name === nodeName);
  const nodeZone = merged.nodeZone ?? node?.labels[zoneLabel];
  return {
    ...defaultProxyConfig,
    family: merged.family ?? defaultProxyConfig.family,
    nodeName,
    nodeIPs: merged.nodeIPs ?? (node === undefined ? defaultProxyConfig.nodeIPs : nodeIPs(node)),
    ...(nodeZone !== undefined ? { nodeZone } : {}),
    detectLocal: detectLocal(merged, node, nodeName),
    masqueradeAll: merged.masqueradeAll ?? defaultProxyConfig.masqueradeAll,
    masqueradeBit: merged.masqueradeBit ?? defaultProxyConfig.masqueradeBit,
    nodePortAddresses: merged.nodePortAddresses ?? defaultProxyConfig.nodePortAddresses,
    ...serviceCIDRs(merged.serviceCIDRs ?? sources.snapshot?.serviceCIDRs),
    localhostNodePorts: merged.localhostNodePorts ?? defaultProxyConfig.localhostNodePorts,
    nfacct: merged.nfacct ?? defaultProxyConfig.nfacct,
    randomFully: merged.randomFully ?? defaultProxyConfig.randomFully,
    largeClusterEndpointsThreshold: merged.largeClusterEndpointsThreshold ?? defaultProxyConfig.largeClusterEndpointsThreshold,
    conntrackTcpBeLiberal: merged.conntrackTcpBeLiberal ?? defaultProxyConfig.conntrackTcpBeLiberal,
    builtinJumps: merged.builtinJumps ?? defaultProxyConfig.builtinJumps,
  };
}

function serviceCIDRs(cidrs: readonly string[] | undefined): { serviceCIDRs?: readonly string[] } {
  return cidrs === undefined || cidrs.length === 0 ? {} : { serviceCIDRs: cidrs };
}

/** kube-proxy's node IPs from its Node: InternalIPs first, then ExternalIPs (utilnode.GetNodeHostIPs). */
function nodeIPs(node: Node): string[] {
  const of = (type: string) => node.addresses.filter((a) => a.type === type).map((a) => a.address);
  return [...of("InternalIP"), ...of("ExternalIP")];
}

/** kube-proxy's default mode is ClusterCIDR, which with no cluster CIDR is the no-op detector. */
function detectLocal(s: ProxySettings, node: Node | undefined, nodeName: string): DetectLocal {
  const mode = s.detectLocalMode ?? "ClusterCIDR";
  switch (mode) {
    case "ClusterCIDR":
      return s.clusterCIDRs === undefined || s.clusterCIDRs.length === 0 ? { mode: "None" } : { mode: "ClusterCIDR", cidrs: s.clusterCIDRs };
    case "NodeCIDR": {
      const cidrs = node?.podCIDRs ?? [];
      if (cidrs.length === 0) {
        throw new InputError("config", `--detect-local-mode NodeCIDR needs the Node ${JSON.stringify(nodeName)} with spec.podCIDRs in the input`, { field: "--detect-local-mode" });
      }
      return { mode: "NodeCIDR", cidrs };
    }
    case "BridgeInterface":
      if (s.podBridgeInterface === undefined) {
        throw new InputError("config", "--detect-local-mode BridgeInterface needs --pod-bridge-interface", { field: "--detect-local-mode" });
      }
      return { mode: "BridgeInterface", interfaceName: s.podBridgeInterface };
    case "InterfaceNamePrefix":
      if (s.podInterfaceNamePrefix === undefined) {
        throw new InputError("config", "--detect-local-mode InterfaceNamePrefix needs --pod-interface-name-prefix", { field: "--detect-local-mode" });
      }
      return { mode: "InterfaceNamePrefix", prefix: s.podInterfaceNamePrefix };
    default: {
      const never: never = mode;
      throw new Error(`unhandled detect-local mode ${JSON.stringify(never)}`);
    }
  }
}

interface Check {
  readonly safeParse: (v: unknown) => { success: true; data: unknown } | { success: false; error: { issues: readonly { message: string }[] } };
}

function checked<T>(flag: string, schema: Check, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data as T;
  const problem = result.error.issues[0]?.message ?? "is not valid";
  throw new InputError("config", `${JSON.stringify(String(value)).slice(0, 80)} ${problem}`, { field: flag });
}

/** Flags are as untrusted as the snapshot: they reach rule text too. */
function validateFlags(f: ProxySettings): ProxySettings {
  const list = <T>(flag: string, schema: Check, values: readonly string[] | undefined): T[] | undefined =>
    values?.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "").map((v) => checked<T>(flag, schema, v));
  const one = <T>(flag: string, schema: Check, value: unknown): T | undefined => (value === undefined ? undefined : checked<T>(flag, schema, value));
  if (f.detectLocalMode !== undefined && !detectLocalModes.includes(f.detectLocalMode)) {
    throw new InputError("config", `${JSON.stringify(String(f.detectLocalMode)).slice(0, 80)} is not one of ${detectLocalModes.join(", ")}`, { field: "--detect-local-mode" });
  }
  return {
    ...f,
    nodeName: one<string>("--hostname-override", subdomainName, f.nodeName),
    nodeIPs: list<string>("--node-ip", ipAddress, f.nodeIPs),
    clusterCIDRs: list<string>("--cluster-cidr", cidr, f.clusterCIDRs),
    podInterfaceNamePrefix: one<string>("--pod-interface-name-prefix", interfaceName, f.podInterfaceNamePrefix),
    podBridgeInterface: one<string>("--pod-bridge-interface", interfaceName, f.podBridgeInterface),
    masqueradeBit: one<number>("--iptables-masquerade-bit", integerIn(0, 31), f.masqueradeBit),
    nodePortAddresses: list<string>("--nodeport-addresses", nodePortAddress, f.nodePortAddresses),
    serviceCIDRs: list<string>("--service-cidr", cidr, f.serviceCIDRs),
    nodeZone: one<string>("--node-zone", labelValue, f.nodeZone),
    largeClusterEndpointsThreshold: one<number>("--large-cluster-threshold", integerIn(0, 1_000_000_000), f.largeClusterEndpointsThreshold),
  };
}

function withoutUndefined(s: ProxySettings): ProxySettings {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as ProxySettings;
}

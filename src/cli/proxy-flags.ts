import type { Argv } from "yargs";
import type { Family } from "../model/ruleset.js";
import type { DetectLocalModeName, ProxySettings } from "../input/proxy-settings.js";
import { resolveProxyConfig } from "../input/proxy-config.js";
import type { ProxyConfig } from "../model/config.js";
import type { Snapshot } from "../model/snapshot.js";
import { UsageError } from "./exit-codes.js";
import type { Io } from "./io.js";

// The node-settings flags, named like kube-proxy's, shared by every command that compiles rules.

const group = "Node settings (like kube-proxy's flags; they override --config):";

export function withProxyFlags<T>(yargs: Argv<T>) {
  return yargs
    .option("config", { type: "string", group, describe: "a KubeProxyConfiguration file (kubeproxy.config.k8s.io/v1alpha1)" })
    .option("hostname-override", { type: "string", alias: "node-name", group, describe: "the node the rules are for" })
    .option("node-ip", { type: "string", group, describe: "this node's IPs (repeatable; default: the Node object's InternalIPs)" })
    .option("node-zone", { type: "string", group, describe: "this node's zone (default: the Node's topology.kubernetes.io/zone label)" })
    .option("cluster-cidr", { type: "string", group, describe: "pod CIDRs, comma-separated; traffic from outside them is masqueraded" })
    .option("detect-local-mode", { type: "string", choices: ["ClusterCIDR", "NodeCIDR", "BridgeInterface", "InterfaceNamePrefix"], group, describe: "how pod traffic is recognised" })
    .option("pod-interface-name-prefix", { type: "string", group, describe: "with --detect-local-mode InterfaceNamePrefix" })
    .option("pod-bridge-interface", { type: "string", group, describe: "with --detect-local-mode BridgeInterface" })
    .option("masquerade-all", { type: "boolean", group, describe: "masquerade all traffic to service IPs" })
    .option("iptables-masquerade-bit", { type: "number", group, describe: "fwmark bit for masquerading, 0–31 (default 14)" })
    .option("nodeport-addresses", { type: "string", group, describe: "CIDRs (or 'primary') node ports answer on, comma-separated or repeated" })
    .option("service-cidr", { type: "string", alias: "service-cluster-ip-range", group, describe: "service CIDRs, comma-separated (default: ServiceCIDR objects in the input); nft-kube drops unallocated cluster IPs in them" })
    .option("iptables-localhost-nodeports", { type: "boolean", group, describe: "allow node ports on 127.0.0.1 (default true; IPv4 only)" })
    .option("nfacct", { type: "boolean", group, describe: "kube-proxy's nfacct counters exist (adds -m nfacct matches)" })
    .option("random-fully", { type: "boolean", group, describe: "iptables supports MASQUERADE --random-fully" })
    .option("builtin-jumps", { type: "boolean", group, describe: "write the jumps from PREROUTING, OUTPUT, … (default true; --no-builtin-jumps)" })
    .option("conntrack-tcp-be-liberal", { type: "boolean", group, describe: "nf_conntrack_tcp_be_liberal is set (no INVALID drop rule)" })
    .option("large-cluster-threshold", { type: "number", group, describe: "endpoint count above which comments are dropped (default 1000)" });
}

/** The flags that were given, as ProxySettings (absent flags stay absent, so --config can fill them). */
export function proxySettingsFromArgs(args: Record<string, unknown>, family: Family | undefined): ProxySettings {
  const str = (key: string) => {
    const v = args[key];
    if (Array.isArray(v)) throw new UsageError(`--${key} given more than once`);
    return typeof v === "string" ? v : undefined;
  };
  // Repeated flags arrive as arrays (not `array: true`, which would swallow the file arguments after it).
  const strs = (key: string) => {
    const v = args[key];
    return Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : undefined;
  };
  const bool = (key: string) => (typeof args[key] === "boolean" ? (args[key] as boolean) : undefined);
  const num = (key: string) => {
    const v = args[key];
    if (Array.isArray(v)) throw new UsageError(`--${key} given more than once`);
    return v === undefined ? undefined : (v as number);
  };
  const settings: Record<string, unknown> = {
    family,
    nodeName: str("hostname-override"),
    nodeIPs: strs("node-ip"),
    nodeZone: str("node-zone"),
    clusterCIDRs: strs("cluster-cidr"),
    detectLocalMode: str("detect-local-mode") as DetectLocalModeName | undefined,
    podInterfaceNamePrefix: str("pod-interface-name-prefix"),
    podBridgeInterface: str("pod-bridge-interface"),
    masqueradeAll: bool("masquerade-all"),
    masqueradeBit: num("iptables-masquerade-bit"),
    nodePortAddresses: strs("nodeport-addresses"),
    serviceCIDRs: strs("service-cidr"),
    localhostNodePorts: bool("iptables-localhost-nodeports"),
    nfacct: bool("nfacct"),
    randomFully: bool("random-fully"),
    builtinJumps: bool("builtin-jumps"),
    conntrackTcpBeLiberal: bool("conntrack-tcp-be-liberal"),
    largeClusterEndpointsThreshold: num("large-cluster-threshold"),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as ProxySettings;
}

/** ProxyConfig from the flags, the --config file (read through io) and the snapshot's Node. */
export async function proxyConfigFromArgs(args: Record<string, unknown>, io: Io, snapshot: Snapshot, family: Family | undefined): Promise<ProxyConfig> {
  const flags = proxySettingsFromArgs(args, family);
  const configPath = typeof args.config === "string" ? args.config : undefined;
  const configFile = configPath === undefined ? undefined : { name: configPath, text: await io.readFile(configPath) };
  return resolveProxyConfig({ flags, snapshot, ...(configFile !== undefined ? { configFile } : {}) });
}

import type { ProxyConfig } from "../model/config.js";
import type { Snapshot } from "../model/snapshot.js";
import { parseIP } from "./ip.js";

// What kube-proxy knows about its own node: its name, zone label and IPs. Settings win; the Node
// object of that name in the snapshot fills the gaps (as kube-proxy reads its Node at start-up).

export const zoneLabel = "topology.kubernetes.io/zone";

export interface NodeInfo {
  readonly name: string;
  readonly zone: string;
  /** This node's IPs of the ruleset's family, primary first, normalised. */
  readonly ips: readonly string[];
}

function nodeObjectIPs(snapshot: Snapshot, name: string): string[] {
  const node = snapshot.nodes.find((n) => n.name === name);
  if (node === undefined) return [];
  // kube-proxy's primary node IP: the first InternalIP, else the first ExternalIP.
  const internal = node.addresses.filter((a) => a.type === "InternalIP").map((a) => a.address);
  const external = node.addresses.filter((a) => a.type === "ExternalIP").map((a) => a.address);
  return [...internal, ...external];
}

export function nodeInfo(snapshot: Snapshot, config: ProxyConfig): NodeInfo {
  const node = snapshot.nodes.find((n) => n.name === config.nodeName);
  const zone = config.nodeZone ?? node?.labels[zoneLabel] ?? "";
  const candidates = config.nodeIPs.length > 0 ? config.nodeIPs : nodeObjectIPs(snapshot, config.nodeName);
  const ips: string[] = [];
  for (const c of candidates) {
    const ip = parseIP(c);
    if (ip !== undefined && ip.family === config.family && !ips.includes(ip.text)) ips.push(ip.text);
  }
  return { name: config.nodeName, zone, ips };
}

import type { ProxyConfig } from "../model/config.js";
import type { Node, Snapshot } from "../model/snapshot.js";
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

/** kube-proxy's node IPs from its Node object: InternalIPs first (the primary), then ExternalIPs. */
function nodeObjectIPs(node: Node | undefined): string[] {
  if (node === undefined) return [];
  const internal = node.addresses.filter((a) => a.type === "InternalIP").map((a) => a.address);
  const external = node.addresses.filter((a) => a.type === "ExternalIP").map((a) => a.address);
  return [...internal, ...external];
}

export function nodeInfo(snapshot: Snapshot, config: ProxyConfig): NodeInfo {
  const node = snapshot.nodes.find((n) => n.name === config.nodeName);
  const zone = config.nodeZone ?? node?.labels[zoneLabel] ?? "";
  const candidates = config.nodeIPs.length > 0 ? config.nodeIPs : nodeObjectIPs(node);
  const ips: string[] = [];
  for (const c of candidates) {
    const ip = parseIP(c);
    if (ip !== undefined && ip.family === config.family && !ips.includes(ip.text)) ips.push(ip.text);
  }
  return { name: config.nodeName, zone, ips };
}

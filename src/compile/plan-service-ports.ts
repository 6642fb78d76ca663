import type { ProxyConfig } from "../model/config.js";
import type { EndpointSlice, Service, ServicePort, Snapshot } from "../model/snapshot.js";
import { servicePortNameString } from "./chain-names.js";
import { compareStrings, endpointsForServicePort, slicesByService, type CandidateEndpoint } from "./endpoints.js";
import { cidrContains, parseCIDR, parseIP } from "./ip.js";
import { nodeInfo, type NodeInfo } from "./node-info.js";
import type { PlannedEndpoint, ServicePortPlan } from "./plan.js";
import { serviceFamilyInfo, type ServiceFamilyInfo } from "./service-info.js";
import { categorizeEndpoints } from "./topology.js";

// planServicePorts: every decision kube-proxy takes per service port before writing rules
// (proxier.go syncProxyRules' per-port prologue), shared by the iptables and nft-kube layouts.
// Order: services by their `namespace/name` string — the key kube-proxy's tests sort rules by —
// then ports in spec order.

function serviceKey(s: Service): string {
  return `${s.namespace}/${s.name}`;
}

/**
 * Strip the hint field so plans expose only the PlannedEndpoint contract. An endpoint without hints
 * (nearly all of them) already is one and is shared, not copied: a large cluster has 100k of them.
 */
function planned(e: CandidateEndpoint): PlannedEndpoint {
  if (e.hints === undefined) return e;
  const { hints: _hints, ...rest } = e;
  return rest;
}

function externalPolicyLocal(service: Service): boolean {
  const externalType = service.type === "LoadBalancer" || service.type === "NodePort";
  const clusterIPWithExternal = service.type === "ClusterIP" && service.externalIPs.length > 0;
  return (externalType || clusterIPWithExternal) && service.externalTrafficPolicy === "Local";
}

/** Whether this node's IP lies in a source range, which lets it reach the LB IPs (hairpin via the LB). */
function nodeInSourceRanges(ranges: readonly string[], node: NodeInfo): boolean {
  const primary = node.ips[0];
  const ip = primary === undefined ? undefined : parseIP(primary);
  if (ip === undefined) return false;
  return ranges.some((r) => {
    const cidr = parseCIDR(r);
    return cidr !== undefined && cidrContains(cidr, ip);
  });
}

function planPort(service: Service, port: ServicePort, info: ServiceFamilyInfo, slices: readonly EndpointSlice[], node: NodeInfo): ServicePortPlan {
  const servicePortName = servicePortNameString(service.namespace, service.name, port.name);
  const etpLocal = externalPolicyLocal(service);
  const itpLocal = service.internalTrafficPolicy === "Local";
  const nodePort = port.nodePort ?? 0;
  const externallyAccessible = nodePort !== 0 || info.loadBalancerIPs.length > 0 || info.externalIPs.length > 0;
  const usesClusterEndpoints = !itpLocal || externallyAccessible;
  const usesLocalEndpoints = itpLocal || (etpLocal && externallyAccessible);
  const candidates = endpointsForServicePort(slices, { namespace: service.namespace, service: service.name, portName: port.name, protocol: port.protocol }, node.name);
  const cat = categorizeEndpoints(candidates, { usesClusterEndpoints, usesLocalEndpoints, nodeName: node.name, zone: node.zone });
  const hasEndpoints = cat.hasEndpoints;
  const usesFirewallChain = hasEndpoints && info.loadBalancerIPs.length > 0 && info.loadBalancerSourceRanges.length > 0;
  const healthCheckNodePort = service.type === "LoadBalancer" && etpLocal ? (service.healthCheckNodePort ?? 0) : 0;
  return {
    service,
    port,
    servicePortName,
    protocol: port.protocol,
    clusterIP: info.clusterIP,
    externalIPs: info.externalIPs,
    loadBalancerIPs: info.loadBalancerIPs,
    loadBalancerSourceRanges: info.loadBalancerSourceRanges,
    ...(nodePort !== 0 ? { nodePort } : {}),
    ...(healthCheckNodePort !== 0 ? { healthCheckNodePort } : {}),
    externalPolicyLocal: etpLocal,
    internalPolicyLocal: itpLocal,
    ...(service.sessionAffinity ? { affinityTimeoutSeconds: service.sessionAffinity.timeoutSeconds } : {}),
    clusterEndpoints: cat.cluster.map(planned),
    localEndpoints: cat.local.map(planned),
    allReachableEndpoints: cat.allReachable.map(planned),
    hasEndpoints,
    hasInternal: hasEndpoints && (!itpLocal || cat.local.length > 0),
    hasExternal: hasEndpoints && (!etpLocal || cat.local.length > 0),
    usesClusterChain: cat.cluster.length > 0 && usesClusterEndpoints,
    usesLocalChain: cat.local.length > 0 && usesLocalEndpoints,
    usesExternalChain: hasEndpoints && externallyAccessible,
    usesFirewallChain,
    allowLoadBalancerIPSources: usesFirewallChain && nodeInSourceRanges(info.loadBalancerSourceRanges, node),
    externallyAccessible,
    endpointCount: candidates.length,
  };
}

/** The plans of every service port kube-proxy would program for this node and family. */
export function planServicePorts(snapshot: Snapshot, config: ProxyConfig): ServicePortPlan[] {
  const node = nodeInfo(snapshot, config);
  const services = [...snapshot.services].sort((a, b) => compareStrings(serviceKey(a), serviceKey(b)));
  const slices = slicesByService(snapshot, config.family);
  const plans: ServicePortPlan[] = [];
  for (const service of services) {
    const info = serviceFamilyInfo(service, config.family);
    if (info === undefined) continue;
    const own = slices.get(serviceKey(service)) ?? [];
    for (const port of service.ports) plans.push(planPort(service, port, info, own, node));
  }
  return plans;
}

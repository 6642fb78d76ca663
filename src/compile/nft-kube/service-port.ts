import type { ChainName } from "../../model/names.js";
import type { Family, Match, SetVerdict } from "../../model/ruleset.js";
import type { LocalDetector } from "../detect-local.js";
import { cidrContains, parseCIDR, parseIP } from "../ip.js";
import type { PlannedEndpoint, ServicePortPlan } from "../plan.js";
import { comment, dst, jump, protocol, rule, src, srcTypeLocal, verdict } from "../rule-parts.js";
import type { KubeProxyTableBuilder } from "./builder.js";
import { addressType } from "./fixed.js";
import { affinitySet, endpointBase, endpointChain, externalChain, firewallChain, Fixed, FixedSet, localChain, serviceBase, serviceChain } from "./names.js";

// One service port in kube-proxy's nftables mode (proxier.go syncProxyRules, per port): its chains,
// its elements in the dispatch and filter maps, and the load-balancing rule. The decisions come from
// the shared plan (planServicePorts); only the nftables-specific ones are made here.

export interface PortSettings {
  readonly family: Family;
  readonly masqueradeAll: boolean;
  readonly detector: LocalDetector;
  /** This node's primary IP of the family, for the source-range hairpin exception. */
  readonly nodeIP?: string;
}

const gotoChain = (chain: ChainName): SetVerdict => ({ kind: "goto", chain });
const markMasq = jump(Fixed.markForMasquerade);

interface Names {
  readonly service: ChainName;
  readonly local: ChainName;
  readonly external: ChainName;
  readonly firewall: ChainName;
  readonly endpoint: (e: PlannedEndpoint) => ChainName;
  readonly affinity: (e: PlannedEndpoint) => string;
}

function namesOf(p: ServicePortPlan): Names {
  const id = { namespace: p.service.namespace, name: p.service.name, protocol: p.protocol, portName: p.port.name };
  const base = serviceBase(id);
  // Each endpoint's name is needed four or five times; hash it once.
  const endpointBases = new Map<string, string>();
  const endpointBaseOf = (e: PlannedEndpoint): string => {
    let b = endpointBases.get(e.address);
    if (b === undefined) endpointBases.set(e.address, (b = endpointBase(id, e.ip, e.port)));
    return b;
  };
  return {
    service: serviceChain(base),
    local: localChain(base),
    external: externalChain(base),
    firewall: firewallChain(base),
    endpoint: (e) => endpointChain(endpointBaseOf(e)),
    affinity: (e) => affinitySet(endpointBaseOf(e)),
  };
}

/** Unlike iptables mode, the firewall chain exists whether or not there are endpoints. */
const usesFirewall = (p: ServicePortPlan): boolean => p.loadBalancerIPs.length > 0 && p.loadBalancerSourceRanges.length > 0;

export function writeServicePort(t: KubeProxyTableBuilder, p: ServicePortPlan, s: PortSettings): void {
  const n = namesOf(p);
  for (const e of p.allReachableEndpoints) t.chain(n.endpoint(e));
  if (p.usesClusterChain) t.chain(n.service);
  if (p.usesLocalChain) t.chain(n.local);
  if (p.usesExternalChain) t.chain(n.external);
  if (usesFirewall(p)) t.chain(n.firewall);
  writeElements(t, p, n);
  writeInternalMasquerade(t, p, n, s);
  if (p.usesExternalChain) writeExternalChain(t, p, n, s);
  if (usesFirewall(p)) writeFirewall(t, p, n, s);
  if (p.affinityTimeoutSeconds !== undefined) {
    for (const e of p.allReachableEndpoints) {
      t.set({ name: n.affinity(e), type: [addressType(s.family)], flags: ["dynamic", "timeout"], timeoutSeconds: p.affinityTimeoutSeconds });
    }
  }
  if (p.usesClusterChain) writeLoadBalancing(t, n.service, p.clusterEndpoints, p, n);
  if (p.usesLocalChain) writeLoadBalancing(t, n.local, p.localEndpoints, p, n);
  for (const e of p.allReachableEndpoints) writeEndpointChain(t, e, p, n);
}

function writeElements(t: KubeProxyTableBuilder, p: ServicePortPlan, n: Names): void {
  const spn = p.servicePortName;
  const port = String(p.port.port);
  const internalChain = p.internalPolicyLocal ? n.local : n.service;
  // No endpoints at all: reject (via reject-chain, a map holds only verdicts); endpoints, but none
  // usable for this traffic policy: drop.
  const unusable: SetVerdict = p.hasEndpoints ? { kind: "verdict", verdict: "DROP" } : gotoChain(Fixed.rejectChain);
  const internalVerdict = unusable;
  const externalVerdict = unusable;
  const dispatch = (ip: string) => [ip, p.protocol, port];

  t.element(FixedSet.clusterIPs, { key: [p.clusterIP] });
  if (p.hasInternal) t.element(FixedSet.serviceIPs, { key: dispatch(p.clusterIP), value: gotoChain(internalChain) });
  else t.element(FixedSet.noEndpointServices, { key: dispatch(p.clusterIP), comment: spn, value: internalVerdict });

  for (const ip of p.externalIPs) {
    if (p.hasEndpoints) t.element(FixedSet.serviceIPs, { key: dispatch(ip), value: gotoChain(n.external) });
    if (!p.hasExternal) t.element(FixedSet.noEndpointServices, { key: dispatch(ip), comment: spn, value: externalVerdict });
  }
  for (const ip of p.loadBalancerIPs) {
    if (p.hasEndpoints) t.element(FixedSet.serviceIPs, { key: dispatch(ip), value: gotoChain(n.external) });
    if (usesFirewall(p)) t.element(FixedSet.firewallIPs, { key: dispatch(ip), value: gotoChain(n.firewall) });
  }
  if (!p.hasExternal) {
    for (const ip of p.loadBalancerIPs) t.element(FixedSet.noEndpointServices, { key: dispatch(ip), comment: spn, value: externalVerdict });
  }
  if (p.nodePort !== undefined) {
    const key = [p.protocol, String(p.nodePort)];
    if (p.hasEndpoints) t.element(FixedSet.serviceNodePorts, { key, value: gotoChain(n.external) });
    if (!p.hasExternal) t.element(FixedSet.noEndpointNodePorts, { key, comment: spn, value: externalVerdict });
  }
}

/** ClusterIP traffic from outside the pod network is masqueraded (all of it with masqueradeAll). */
function writeInternalMasquerade(t: KubeProxyTableBuilder, p: ServicePortPlan, n: Names, s: PortSettings): void {
  if (!p.hasInternal) return;
  const chain = p.internalPolicyLocal ? n.local : n.service;
  if (s.masqueradeAll) t.rule(chain, rule([dst(p.clusterIP)], markMasq));
  else if (s.detector.ifNotLocal !== undefined) t.rule(chain, rule([dst(p.clusterIP), s.detector.ifNotLocal], markMasq));
}

function writeExternalChain(t: KubeProxyTableBuilder, p: ServicePortPlan, n: Names, s: PortSettings): void {
  if (!p.externalPolicyLocal) {
    t.rule(n.external, rule([], markMasq));
  } else {
    // eTP=Local keeps the client's source address, except for pod and host traffic, which is sent
    // to any endpoint ("short-circuited") since it would otherwise fail on nodes with no local one.
    if (s.detector.ifLocal !== undefined) {
      t.rule(n.external, rule([s.detector.ifLocal, comment("short-circuit pod traffic")], { kind: "goto", chain: n.service }));
    }
    t.rule(n.external, rule([srcTypeLocal(), comment("masquerade local traffic")], markMasq));
    t.rule(n.external, rule([srcTypeLocal(), comment("short-circuit local traffic")], { kind: "goto", chain: n.service }));
  }
  if (p.hasExternal) t.rule(n.external, rule([], { kind: "goto", chain: p.externalPolicyLocal ? n.local : n.service }));
}

function writeFirewall(t: KubeProxyTableBuilder, p: ServicePortPlan, n: Names, s: PortSettings): void {
  const node = s.nodeIP === undefined ? undefined : parseIP(s.nodeIP);
  const nodeInRanges =
    node !== undefined &&
    p.loadBalancerSourceRanges.some((r) => {
      const cidr = parseCIDR(r);
      return cidr !== undefined && cidrContains(cidr, node);
    });
  // Traffic the node sends to its own LB VIP arrives with the VIP as source once SNATed.
  const allowed = nodeInRanges ? [...p.loadBalancerSourceRanges, ...p.loadBalancerIPs] : p.loadBalancerSourceRanges;
  const notAllowed: Match = { kind: "anyOf", side: "src", cidrs: allowed, negate: true };
  t.rule(n.firewall, rule([notAllowed], verdict("DROP")));
}

function writeLoadBalancing(t: KubeProxyTableBuilder, chain: ChainName, endpoints: readonly PlannedEndpoint[], p: ServicePortPlan, n: Names): void {
  if (endpoints.length === 0) return;
  if (p.affinityTimeoutSeconds !== undefined) {
    for (const e of endpoints) t.rule(chain, rule([{ kind: "inSet", field: "saddr", set: n.affinity(e) }], { kind: "goto", chain: n.endpoint(e) }));
  }
  t.rule(chain, rule([], { kind: "numgen", chains: endpoints.map(n.endpoint) }));
}

function writeEndpointChain(t: KubeProxyTableBuilder, e: PlannedEndpoint, p: ServicePortPlan, n: Names): void {
  const chain = n.endpoint(e);
  // Hairpin: an endpoint reaching its own service must be masqueraded or the reply bypasses DNAT.
  t.rule(chain, rule([src(e.ip)], markMasq));
  if (p.affinityTimeoutSeconds !== undefined) t.rule(chain, rule([], { kind: "setUpdate", set: n.affinity(e), field: "saddr" }));
  t.rule(chain, rule([protocol(p.protocol)], { kind: "dnat", ip: e.ip, port: e.port }));
}

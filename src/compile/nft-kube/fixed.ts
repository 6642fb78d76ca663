import type { ChainName } from "../../model/names.js";
import type { BaseChainSpec, Family, Match, SetKeyType } from "../../model/ruleset.js";
import { comment, ctstate, dst, dstTypeLocal, jump, rule, verdict } from "../rule-parts.js";
import type { KubeProxyTableBuilder } from "./builder.js";
import { Fixed, FixedSet } from "./names.js";

// The part of kube-proxy's nftables-mode table that does not depend on services (proxier.go
// setupNFTables): base chains and their priorities, the dispatch and check chains, the
// masquerade chains, and the sets and verdict maps every service fills.

export interface FixedSettings {
  readonly family: Family;
  readonly mark: number;
  /** ServiceCIDRs of this family, for the "unallocated ClusterIP" drop rule (none: no rule). */
  readonly serviceCIDRs: readonly string[];
  /** Node ports answer on every local address; otherwise only on `nodePortIPs`. */
  readonly nodePortsMatchAll: boolean;
  readonly nodePortIPs: readonly string[];
}

const base = (type: BaseChainSpec["type"], hook: BaseChainSpec["hook"], priority: number): BaseChainSpec => ({ type, hook, priority });

/**
 * v1.34 layout (PR #132456): source-range filtering before DNAT (dstnat − 10 = −110), the
 * no-endpoint and ClusterIP checks after it (filter, 0), DNAT at dstnat (−100), masquerade at srcnat (100).
 */
const BASE_CHAINS: readonly [ChainName, BaseChainSpec][] = [
  [Fixed.filterPreroutingPreDnat, base("filter", "prerouting", -110)],
  [Fixed.filterOutputPreDnat, base("filter", "output", -110)],
  [Fixed.filterInput, base("filter", "input", 0)],
  [Fixed.filterForward, base("filter", "forward", 0)],
  [Fixed.filterOutput, base("filter", "output", 0)],
  [Fixed.natPrerouting, base("nat", "prerouting", -100)],
  [Fixed.natOutput, base("nat", "output", -100)],
  [Fixed.natPostrouting, base("nat", "postrouting", 100)],
];

/** kube-proxy's jump table, in its order; the filter jumps only see new connections. */
const JUMPS: readonly [from: ChainName, to: ChainName, newOnly: boolean][] = [
  [Fixed.filterInput, Fixed.nodeportEndpointsCheck, true],
  [Fixed.filterInput, Fixed.serviceEndpointsCheck, true],
  [Fixed.filterForward, Fixed.serviceEndpointsCheck, true],
  [Fixed.filterOutput, Fixed.serviceEndpointsCheck, true],
  [Fixed.filterPreroutingPreDnat, Fixed.firewallCheck, true],
  [Fixed.filterOutputPreDnat, Fixed.firewallCheck, true],
  [Fixed.natOutput, Fixed.services, false],
  [Fixed.natPrerouting, Fixed.services, false],
  [Fixed.natPostrouting, Fixed.masquerading, false],
  [Fixed.filterForward, Fixed.clusterIPsCheck, true],
  [Fixed.filterOutput, Fixed.clusterIPsCheck, true],
];

export const addressType = (family: Family): SetKeyType => (family === "ipv4" ? "ipv4_addr" : "ipv6_addr");

/** Localhost node ports are not supported in nftables mode: loopback is excluded from dispatch. */
const notLoopback = (family: Family): Match => dst(family === "ipv4" ? "127.0.0.0/8" : "::1", true);

export function writeFixed(t: KubeProxyTableBuilder, s: FixedSettings): void {
  for (const [name, spec] of BASE_CHAINS) t.chain(name, { base: spec });
  for (const [from, to, newOnly] of JUMPS) {
    t.chain(to);
    t.rule(from, rule(newOnly ? [ctstate(["NEW"])] : [], jump(to)));
  }
  writeMasquerade(t, s.mark);
  writeSets(t, s);
  writeChecks(t, s);
}

function writeMasquerade(t: KubeProxyTableBuilder, mark: number): void {
  t.chain(Fixed.markForMasquerade);
  t.rule(Fixed.markForMasquerade, rule([], { kind: "mark", op: "or", value: mark }));
  t.rule(Fixed.masquerading, rule([{ kind: "mark", value: 0, mask: mark }], verdict("RETURN")));
  t.rule(Fixed.masquerading, rule([], { kind: "mark", op: "xor", value: mark }));
  t.rule(Fixed.masquerading, rule([], { kind: "masquerade", randomFully: true }));
}

function writeSets(t: KubeProxyTableBuilder, s: FixedSettings): void {
  const addr = addressType(s.family);
  const dispatch = [addr, "inet_proto", "inet_service"] as const;
  const nodePort = ["inet_proto", "inet_service"] as const;
  t.set({ name: FixedSet.clusterIPs, type: [addr], comment: "Active ClusterIPs" });
  if (!s.nodePortsMatchAll) {
    t.set({ name: FixedSet.nodePortIPs, type: [addr], comment: "IPs that accept NodePort traffic" });
    for (const ip of s.nodePortIPs) t.element(FixedSet.nodePortIPs, { key: [ip] });
  }
  const map = (name: string, type: readonly SetKeyType[], text: string): void => t.set({ name, type, map: "verdict", comment: text });
  map(FixedSet.noEndpointServices, dispatch, "vmap to drop or reject packets to services with no endpoints");
  map(FixedSet.noEndpointNodePorts, nodePort, "vmap to drop or reject packets to service nodeports with no endpoints");
  map(FixedSet.firewallIPs, dispatch, "destinations that are subject to LoadBalancerSourceRanges");
  map(FixedSet.serviceIPs, dispatch, "ClusterIP, ExternalIP and LoadBalancer IP traffic");
  map(FixedSet.serviceNodePorts, nodePort, "NodePort traffic");
}

function writeChecks(t: KubeProxyTableBuilder, s: FixedSettings): void {
  const dispatchKey = { kind: "vmap", key: ["daddr", "l4proto", "dport"] } as const;
  const portKey = { kind: "vmap", key: ["l4proto", "dport"] } as const;
  const nodeAddress: Match[] = s.nodePortsMatchAll ? [notLoopback(s.family)] : [{ kind: "inSet", field: "daddr", set: FixedSet.nodePortIPs }];

  t.rule(Fixed.clusterIPsCheck, rule([{ kind: "inSet", field: "daddr", set: FixedSet.clusterIPs }, comment("Reject traffic to invalid ports of ClusterIPs")], verdict("REJECT")));
  if (s.serviceCIDRs.length > 0) {
    t.rule(Fixed.clusterIPsCheck, rule([{ kind: "anyOf", side: "dst", cidrs: s.serviceCIDRs }, comment("Drop traffic to unallocated ClusterIPs")], verdict("DROP")));
  }
  // A verdict map can only hold verdicts, and `reject` is a statement: "reject" elements goto here.
  t.chain(Fixed.rejectChain, { comment: "helper for @no-endpoint-services / @no-endpoint-nodeports" });
  t.rule(Fixed.rejectChain, rule([], verdict("REJECT")));
  t.rule(Fixed.serviceEndpointsCheck, rule([], { ...dispatchKey, map: FixedSet.noEndpointServices }));
  t.rule(Fixed.nodeportEndpointsCheck, rule(nodeAddress, { ...portKey, map: FixedSet.noEndpointNodePorts }));
  t.rule(Fixed.firewallCheck, rule([], { ...dispatchKey, map: FixedSet.firewallIPs }));
  t.rule(Fixed.services, rule([], { ...dispatchKey, map: FixedSet.serviceIPs }));
  const nodePortDispatch: Match[] = s.nodePortsMatchAll ? [dstTypeLocal(), notLoopback(s.family)] : nodeAddress;
  t.rule(Fixed.services, rule(nodePortDispatch, { ...portKey, map: FixedSet.serviceNodePorts }));
}

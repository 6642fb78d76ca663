import type { Protocol } from "../model/ruleset.js";
import type { Service, ServicePort } from "../model/snapshot.js";

// The per-service-port decisions kube-proxy makes before writing any rule (which endpoints, which
// addresses, which chains are needed). Both layouts — iptables chains (src/compile/*.ts) and
// nftables mode (src/compile/nft-kube/) — are written from these plans, so they can never disagree
// on what a service means. Computed by planServicePorts() in plan-service-ports.ts.

export interface PlannedEndpoint {
  readonly ip: string;
  readonly port: number;
  /** `ip:port`, with the IPv6 address in brackets, as kube-proxy prints endpoints. */
  readonly address: string;
  readonly nodeName?: string;
  readonly zone?: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  /** On the node the rules are compiled for. */
  readonly isLocal: boolean;
}

export interface ServicePortPlan {
  readonly service: Service;
  readonly port: ServicePort;
  /** kube-proxy's ServicePortName string: `ns/name:port`, or `ns/name` for an unnamed port. */
  readonly servicePortName: string;
  readonly protocol: Protocol;
  /** The service's cluster IP of the ruleset's family. */
  readonly clusterIP: string;
  readonly externalIPs: readonly string[];
  /** `status.loadBalancer.ingress` IPs of the family, without `ipMode: Proxy` ones. */
  readonly loadBalancerIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly nodePort?: number;
  readonly healthCheckNodePort?: number;
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  readonly affinityTimeoutSeconds?: number;
  /** Endpoints for cluster-wide traffic, in kube-proxy's order. */
  readonly clusterEndpoints: readonly PlannedEndpoint[];
  /** This node's endpoints, for Local traffic policies. */
  readonly localEndpoints: readonly PlannedEndpoint[];
  /** Every endpoint some chain can reach: one KUBE-SEP each. */
  readonly allReachableEndpoints: readonly PlannedEndpoint[];
  readonly hasEndpoints: boolean;
  readonly hasInternal: boolean;
  readonly hasExternal: boolean;
  readonly usesClusterChain: boolean;
  readonly usesLocalChain: boolean;
  readonly usesExternalChain: boolean;
  readonly usesFirewallChain: boolean;
  /** The node IP lies in one of the source ranges, so LB IPs are allowed as sources too. */
  readonly allowLoadBalancerIPSources: boolean;
  /** A node port, LB IP or external IP of this family exists (kube-proxy's ExternallyAccessible). */
  readonly externallyAccessible: boolean;
  /** Every endpoint of this port whatever its conditions (kube-proxy sums these for large-cluster mode). */
  readonly endpointCount: number;
}

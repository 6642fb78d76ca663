import type { Protocol } from "./ruleset.js";

// The cluster objects as the compiler needs them: already validated and normalised by src/input
// (defaults applied, nil booleans resolved the way the API server's defaulting does), so the
// compiler never re-checks input.

export interface Snapshot {
  readonly services: readonly Service[];
  readonly endpointSlices: readonly EndpointSlice[];
  readonly nodes: readonly Node[];
  /** CIDRs of the ServiceCIDR objects in the input (sorted, unique); absent when there are none. */
  readonly serviceCIDRs?: readonly string[];
}

export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";
export type TrafficPolicy = "Cluster" | "Local";
export type IPFamily = "IPv4" | "IPv6";

export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceType;
  /** `spec.clusterIPs` (or `[spec.clusterIP]`); `["None"]` for a headless service, `[]` when unset. */
  readonly clusterIPs: readonly string[];
  readonly ipFamilies: readonly IPFamily[];
  readonly ports: readonly ServicePort[];
  readonly externalIPs: readonly string[];
  readonly loadBalancerIngress: readonly LoadBalancerIngress[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly externalTrafficPolicy: TrafficPolicy;
  readonly internalTrafficPolicy: TrafficPolicy;
  /** Set with `sessionAffinity: ClientIP`; the timeout defaults to 10800 s. */
  readonly sessionAffinity?: { readonly timeoutSeconds: number };
  readonly healthCheckNodePort?: number;
  /** `spec.trafficDistribution` (PreferClose, PreferSameZone, PreferSameNode). */
  readonly trafficDistribution?: string;
}

export interface ServicePort {
  /** `""` for a service's single unnamed port. */
  readonly name: string;
  readonly protocol: Protocol;
  readonly port: number;
  /** A number, or the name of a container port resolved through the EndpointSlice ports. */
  readonly targetPort: number | string;
  readonly nodePort?: number;
}

export interface LoadBalancerIngress {
  readonly ip?: string;
  readonly hostname?: string;
  readonly ipMode?: "VIP" | "Proxy";
}

export interface EndpointSlice {
  readonly namespace: string;
  readonly name: string;
  /** The `kubernetes.io/service-name` label. */
  readonly serviceName: string;
  readonly addressType: "IPv4" | "IPv6" | "FQDN";
  readonly ports: readonly EndpointPort[];
  readonly endpoints: readonly Endpoint[];
}

export interface EndpointPort {
  /** `""` when unnamed. */
  readonly name: string;
  readonly protocol: Protocol;
  /** Absent means "all ports" in the API; kube-proxy skips such ports. */
  readonly port?: number;
}

export interface Endpoint {
  readonly addresses: readonly string[];
  /** Conditions with the API's nil defaults resolved: ready ?? true, serving ?? true, terminating ?? false (kube-proxy's endpointslicecache.go). */
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName?: string;
  readonly zone?: string;
  readonly hints?: { readonly forZones: readonly string[]; readonly forNodes: readonly string[] };
}

export interface Node {
  readonly name: string;
  readonly addresses: readonly { readonly type: string; readonly address: string }[];
  readonly labels: Readonly<Record<string, string>>;
  /** `spec.podCIDRs` (or `[spec.podCIDR]`), masked; `--detect-local-mode NodeCIDR` uses them. */
  readonly podCIDRs?: readonly string[];
}

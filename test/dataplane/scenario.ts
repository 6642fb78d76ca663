import { TCP_TARGET_PORT, UDP_TARGET_PORT } from "./topology.js";

// The cluster the dataplane suite builds rules for, written as the kubectl-style List kprc reads,
// with the endpoint containers' real addresses, and the traffic checks that follow from it.

export const NODE_NAME = "kx-node";
export const OTHER_NODE = "kx-other";
export const SERVICE_CIDR = "10.96.0.0/16";
export const EXTERNAL_IP = "192.0.2.10";
export const LOAD_BALANCER_IP = "192.0.2.20";
/** Destinations the client routes through the node, as a router in front of a cluster would. */
export const ROUTED_VIA_NODE = [SERVICE_CIDR, `${EXTERNAL_IP}/32`, `${LOAD_BALANCER_IP}/32`];
export const NAMESPACE = "dataplane";

export type Path = "node" | "client";
/** Who the endpoint must see as the connection's source. */
export type ExpectedSource = "node" | "client";

interface Base {
  readonly name: string;
  /** Where the connections start: the node itself (nat OUTPUT) or the client container (PREROUTING). */
  readonly from: Path;
  readonly protocol: "tcp" | "udp";
  /** A ClusterIP, or "node" for the node's own address (NodePort). */
  readonly address: string;
  readonly port: number;
  readonly count: number;
}

export type Check =
  /** Every connection answered, only by `endpoints`, split uniformly (χ² p > 0.001), source as expected. */
  | (Base & { readonly kind: "uniform"; readonly endpoints: readonly number[]; readonly source: ExpectedSource })
  /** Session affinity: every connection from one client reaches one endpoint of `endpoints`. */
  | (Base & { readonly kind: "sticky"; readonly endpoints: readonly number[] })
  /** No endpoints: every connection is refused at once (REJECT), none times out. */
  | (Base & { readonly kind: "refused" });

export const CONNECTIONS = 2000;
const STICKY_CONNECTIONS = 200;
const REFUSED_CONNECTIONS = 20;

const ALL = [0, 1, 2, 3];
const LOCAL = [0, 1];

export const checks: readonly Check[] = [
  { kind: "uniform", name: "web ClusterIP tcp", from: "node", protocol: "tcp", address: "10.96.0.10", port: 80, count: CONNECTIONS, endpoints: ALL, source: "node" },
  { kind: "uniform", name: "web NodePort tcp (masqueraded)", from: "client", protocol: "tcp", address: "node", port: 30080, count: CONNECTIONS, endpoints: ALL, source: "node" },
  { kind: "uniform", name: "web external IP tcp (masqueraded)", from: "client", protocol: "tcp", address: EXTERNAL_IP, port: 80, count: CONNECTIONS, endpoints: ALL, source: "node" },
  { kind: "uniform", name: "lb LoadBalancer IP tcp (masqueraded)", from: "client", protocol: "tcp", address: LOAD_BALANCER_IP, port: 80, count: CONNECTIONS, endpoints: [1, 2, 3], source: "node" },
  { kind: "uniform", name: "dns ClusterIP udp", from: "node", protocol: "udp", address: "10.96.0.11", port: 53, count: CONNECTIONS, endpoints: [0, 1, 2], source: "node" },
  { kind: "uniform", name: "dns NodePort udp (masqueraded)", from: "client", protocol: "udp", address: "node", port: 30053, count: CONNECTIONS, endpoints: [0, 1, 2], source: "node" },
  { kind: "uniform", name: "local NodePort tcp, eTP Local (local endpoints, source kept)", from: "client", protocol: "tcp", address: "node", port: 30081, count: CONNECTIONS, endpoints: LOCAL, source: "client" },
  { kind: "uniform", name: "local ClusterIP tcp via node (all endpoints, source kept)", from: "client", protocol: "tcp", address: "10.96.0.12", port: 80, count: CONNECTIONS, endpoints: ALL, source: "client" },
  { kind: "sticky", name: "sticky ClusterIP tcp from the node", from: "node", protocol: "tcp", address: "10.96.0.13", port: 80, count: STICKY_CONNECTIONS, endpoints: ALL },
  { kind: "sticky", name: "sticky ClusterIP tcp from the client", from: "client", protocol: "tcp", address: "10.96.0.13", port: 80, count: STICKY_CONNECTIONS, endpoints: ALL },
  { kind: "refused", name: "empty ClusterIP tcp", from: "node", protocol: "tcp", address: "10.96.0.14", port: 80, count: REFUSED_CONNECTIONS },
  { kind: "refused", name: "empty NodePort tcp", from: "client", protocol: "tcp", address: "node", port: 30082, count: REFUSED_CONNECTIONS },
  { kind: "refused", name: "empty-udp ClusterIP udp via node", from: "client", protocol: "udp", address: "10.96.0.15", port: 53, count: REFUSED_CONNECTIONS },
];

interface PortSpec {
  readonly protocol: "TCP" | "UDP";
  readonly port: number;
  readonly targetPort: number;
  readonly nodePort?: number;
}

interface ServiceSpec {
  readonly name: string;
  readonly clusterIP: string;
  readonly port: PortSpec;
  readonly endpoints: readonly number[];
  readonly externalTrafficPolicy?: "Local";
  readonly externalIP?: string;
  readonly loadBalancerIP?: string;
  readonly sessionAffinity?: true;
  /** Endpoints on this node; the others are on OTHER_NODE. Unset: no nodeName at all. */
  readonly localEndpoints?: readonly number[];
}

const tcp = (port: number, nodePort?: number): PortSpec => ({ protocol: "TCP", port, targetPort: TCP_TARGET_PORT, ...(nodePort ? { nodePort } : {}) });
const udp = (port: number, nodePort?: number): PortSpec => ({ protocol: "UDP", port, targetPort: UDP_TARGET_PORT, ...(nodePort ? { nodePort } : {}) });

const services: readonly ServiceSpec[] = [
  { name: "web", clusterIP: "10.96.0.10", port: tcp(80, 30080), endpoints: ALL, externalIP: EXTERNAL_IP },
  { name: "lb", clusterIP: "10.96.0.16", port: tcp(80, 30083), endpoints: [1, 2, 3], loadBalancerIP: LOAD_BALANCER_IP },
  { name: "dns", clusterIP: "10.96.0.11", port: udp(53, 30053), endpoints: [0, 1, 2] },
  { name: "local", clusterIP: "10.96.0.12", port: tcp(80, 30081), endpoints: ALL, externalTrafficPolicy: "Local", localEndpoints: LOCAL },
  { name: "sticky", clusterIP: "10.96.0.13", port: tcp(80), endpoints: ALL, sessionAffinity: true },
  { name: "empty", clusterIP: "10.96.0.14", port: tcp(80, 30082), endpoints: [] },
  { name: "empty-udp", clusterIP: "10.96.0.15", port: udp(53), endpoints: [] },
];

function serviceObject(s: ServiceSpec): object {
  const portName = s.port.protocol.toLowerCase();
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: s.name, namespace: NAMESPACE },
    spec: {
      type: s.loadBalancerIP ? "LoadBalancer" : s.port.nodePort ? "NodePort" : "ClusterIP",
      clusterIP: s.clusterIP,
      clusterIPs: [s.clusterIP],
      ipFamilies: ["IPv4"],
      ports: [{ name: portName, protocol: s.port.protocol, port: s.port.port, targetPort: s.port.targetPort, ...(s.port.nodePort ? { nodePort: s.port.nodePort } : {}) }],
      ...(s.port.nodePort ? { externalTrafficPolicy: s.externalTrafficPolicy ?? "Cluster" } : {}),
      ...(s.externalIP ? { externalIPs: [s.externalIP] } : {}),
      ...(s.sessionAffinity ? { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } } : {}),
    },
    ...(s.loadBalancerIP ? { status: { loadBalancer: { ingress: [{ ip: s.loadBalancerIP, ipMode: "VIP" }] } } } : {}),
  };
}

function sliceObject(s: ServiceSpec, endpointIPs: readonly string[]): object {
  const local = s.localEndpoints;
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: `${s.name}-1`, namespace: NAMESPACE, labels: { "kubernetes.io/service-name": s.name } },
    addressType: "IPv4",
    ports: [{ name: s.port.protocol.toLowerCase(), protocol: s.port.protocol, port: s.port.targetPort }],
    endpoints: s.endpoints.map((i) => ({
      addresses: [endpointIPs[i]],
      conditions: { ready: true, serving: true, terminating: false },
      ...(local ? { nodeName: local.includes(i) ? NODE_NAME : OTHER_NODE } : {}),
    })),
  };
}

/** The snapshot text (JSON is YAML) with the endpoint containers' addresses filled in. */
export function snapshotText(endpointIPs: readonly string[], nodeIP: string): string {
  const node = {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: NODE_NAME, labels: { "kubernetes.io/hostname": NODE_NAME } },
    status: { addresses: [{ type: "InternalIP", address: nodeIP }] },
  };
  const items = [...services.map(serviceObject), ...services.map((s) => sliceObject(s, endpointIPs)), node];
  return JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 2);
}

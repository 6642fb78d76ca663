import type { EndpointSlice, Snapshot } from "../src/model/snapshot.js";

// Deterministic synthetic clusters for the benchmark, written as the kubectl-style YAML a user
// would feed `kprc compile`, so that parsing and validation are measured along with compiling.
// Same shape + seed → byte-identical text.

export interface Shape {
  /** Name printed in the results table, e.g. `1000x100`. */
  readonly name: string;
  readonly services: number;
  /** Endpoints per service (all ready). */
  readonly endpointsPerService: number;
  readonly portsPerService: 1 | 2;
  /** Share of NodePort and LoadBalancer services; the rest are ClusterIP. */
  readonly mix: { readonly nodePort: number; readonly loadBalancer: number };
  readonly seed: number;
}

export const NODE_NAME = "bench-node-0";
export const NODE_IP = "192.168.0.10";
export const CLUSTER_CIDR = "10.0.0.0/8";
/** kube-proxy's EndpointSlice controller puts at most 100 endpoints in one slice. */
const MAX_ENDPOINTS_PER_SLICE = 100;
const NODES = 50;

/** mulberry32: a tiny seeded PRNG, enough to spread types and nodes reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type ServiceKind = "ClusterIP" | "NodePort" | "LoadBalancer";

export interface GeneratedService {
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceKind;
  readonly clusterIP: string;
  readonly ports: readonly { readonly name: string; readonly port: number; readonly targetPort: number; readonly nodePort?: number }[];
  readonly loadBalancerIP?: string;
  /** Endpoint IPs, in slice order. */
  readonly endpoints: readonly { readonly ip: string; readonly nodeName: string }[];
}

/** `a.b.c.d` for the n-th address after `base` (a 32-bit number). */
function ipFrom(base: number, n: number): string {
  const v = (base + n) >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

const CLUSTER_IP_BASE = (172 << 24) | (16 << 16); // 172.16.0.0/12
const POD_IP_BASE = 10 << 24; // 10.0.0.0/8
const LB_IP_BASE = (203 << 24) | (0 << 16) | (113 << 8); // beyond 203.0.113.0/24 for big shapes: fine, synthetic

function pickKind(rand: () => number, mix: Shape["mix"]): ServiceKind {
  const r = rand();
  if (r < mix.loadBalancer) return "LoadBalancer";
  if (r < mix.loadBalancer + mix.nodePort) return "NodePort";
  return "ClusterIP";
}

/** The cluster as plain records, before any text is written. */
export function generateServices(shape: Shape): GeneratedService[] {
  const rand = seededRandom(shape.seed);
  const services: GeneratedService[] = [];
  let nextNodePort = 30000;
  let nextPodIP = 1;
  let nextLbIP = 1;
  for (let i = 0; i < shape.services; i++) {
    const type = pickKind(rand, shape.mix);
    const portCount = shape.portsPerService;
    const ports = [];
    for (let p = 0; p < portCount; p++) {
      const port = p === 0 ? 80 : 443;
      const nodePort = type === "ClusterIP" ? undefined : nextNodePort++;
      ports.push({ name: p === 0 ? "http" : "https", port, targetPort: 8080 + p, ...(nodePort ? { nodePort } : {}) });
    }
    const endpoints = [];
    for (let e = 0; e < shape.endpointsPerService; e++) {
      endpoints.push({ ip: ipFrom(POD_IP_BASE, nextPodIP++), nodeName: `bench-node-${Math.floor(rand() * NODES)}` });
    }
    services.push({
      namespace: `ns-${i % 100}`,
      name: `svc-${i}`,
      type,
      clusterIP: ipFrom(CLUSTER_IP_BASE, i + 1),
      ports,
      ...(type === "LoadBalancer" ? { loadBalancerIP: ipFrom(LB_IP_BASE, nextLbIP++) } : {}),
      endpoints,
    });
  }
  return services;
}

/** A copy of `services` where service `index` gained one more endpoint (the delta benchmark). */
export function withOneMoreEndpoint(services: readonly GeneratedService[], index: number): GeneratedService[] {
  return services.map((s, i) =>
    i === index ? { ...s, endpoints: [...s.endpoints, { ip: ipFrom((11 << 24) >>> 0, 1), nodeName: "bench-node-1" }] } : s,
  );
}

function serviceYaml(s: GeneratedService, out: string[]): void {
  out.push(
    "- apiVersion: v1",
    "  kind: Service",
    "  metadata:",
    `    name: ${s.name}`,
    `    namespace: ${s.namespace}`,
    "  spec:",
    `    type: ${s.type}`,
    `    clusterIP: ${s.clusterIP}`,
    `    clusterIPs: [${s.clusterIP}]`,
    "    ipFamilies: [IPv4]",
    "    ports:",
  );
  for (const p of s.ports) {
    out.push(`    - name: ${p.name}`, "      protocol: TCP", `      port: ${p.port}`, `      targetPort: ${p.targetPort}`);
    if (p.nodePort !== undefined) out.push(`      nodePort: ${p.nodePort}`);
  }
  if (s.loadBalancerIP) {
    out.push("  status:", "    loadBalancer:", "      ingress:", `      - ip: ${s.loadBalancerIP}`);
  }
}

function slicesYaml(s: GeneratedService, out: string[]): void {
  for (let start = 0, n = 0; start < s.endpoints.length; start += MAX_ENDPOINTS_PER_SLICE, n++) {
    out.push(
      "- apiVersion: discovery.k8s.io/v1",
      "  kind: EndpointSlice",
      "  metadata:",
      `    name: ${s.name}-${n}`,
      `    namespace: ${s.namespace}`,
      "    labels:",
      `      kubernetes.io/service-name: ${s.name}`,
      "  addressType: IPv4",
      "  ports:",
    );
    for (const p of s.ports) out.push(`  - name: ${p.name}`, "    protocol: TCP", `    port: ${p.targetPort}`);
    out.push("  endpoints:");
    for (const ep of s.endpoints.slice(start, start + MAX_ENDPOINTS_PER_SLICE)) {
      out.push(`  - addresses: [${ep.ip}]`, "    conditions: {ready: true}", `    nodeName: ${ep.nodeName}`);
    }
  }
}

function nodeYaml(out: string[]): void {
  out.push(
    "- apiVersion: v1",
    "  kind: Node",
    "  metadata:",
    `    name: ${NODE_NAME}`,
    "    labels:",
    "      topology.kubernetes.io/zone: zone-a",
    "  status:",
    "    addresses:",
    "    - type: InternalIP",
    `      address: ${NODE_IP}`,
  );
}

/** The cluster as one `kind: List` document, as `kubectl get svc,endpointslices,nodes -A -o yaml` prints. */
export function toYaml(services: readonly GeneratedService[]): string {
  const out: string[] = ["apiVersion: v1", "kind: List", "items:"];
  nodeYaml(out);
  for (const s of services) serviceYaml(s, out);
  for (const s of services) slicesYaml(s, out);
  out.push("");
  return out.join("\n");
}

/** The same cluster as `kubectl get … -o json` prints it (a List object, 4-space indent). */
export function toJson(services: readonly GeneratedService[]): string {
  const items: unknown[] = [
    {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: NODE_NAME, labels: { "topology.kubernetes.io/zone": "zone-a" } },
      status: { addresses: [{ type: "InternalIP", address: NODE_IP }] },
    },
  ];
  for (const s of services) {
    items.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: s.name, namespace: s.namespace },
      spec: {
        type: s.type,
        clusterIP: s.clusterIP,
        clusterIPs: [s.clusterIP],
        ipFamilies: ["IPv4"],
        ports: s.ports.map((p) => ({ name: p.name, protocol: "TCP", port: p.port, targetPort: p.targetPort, ...(p.nodePort ? { nodePort: p.nodePort } : {}) })),
      },
      ...(s.loadBalancerIP ? { status: { loadBalancer: { ingress: [{ ip: s.loadBalancerIP }] } } } : {}),
    });
  }
  for (const s of services) {
    for (let start = 0, n = 0; start < s.endpoints.length; start += MAX_ENDPOINTS_PER_SLICE, n++) {
      items.push({
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: `${s.name}-${n}`, namespace: s.namespace, labels: { "kubernetes.io/service-name": s.name } },
        addressType: "IPv4",
        ports: s.ports.map((p) => ({ name: p.name, protocol: "TCP", port: p.targetPort })),
        endpoints: s.endpoints.slice(start, start + MAX_ENDPOINTS_PER_SLICE).map((ep) => ({ addresses: [ep.ip], conditions: { ready: true }, nodeName: ep.nodeName })),
      });
    }
  }
  return `${JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 4)}\n`;
}

/** The shapes `npm run bench` measures (issue 7). */
export const SHAPES: readonly Shape[] = [
  { name: "1000x100", services: 1000, endpointsPerService: 100, portsPerService: 1, mix: { nodePort: 0, loadBalancer: 0 }, seed: 1 },
  { name: "10000x10 mix", services: 10000, endpointsPerService: 10, portsPerService: 2, mix: { nodePort: 0.25, loadBalancer: 0.15 }, seed: 2 },
  { name: "100x1000", services: 100, endpointsPerService: 1000, portsPerService: 1, mix: { nodePort: 0, loadBalancer: 0 }, seed: 3 },
  // Linearity: the 1000x100 shape at a quarter and half its size (1x, 2x, 4x endpoints).
  { name: "250x100 (1x)", services: 250, endpointsPerService: 100, portsPerService: 1, mix: { nodePort: 0, loadBalancer: 0 }, seed: 1 },
  { name: "500x100 (2x)", services: 500, endpointsPerService: 100, portsPerService: 1, mix: { nodePort: 0, loadBalancer: 0 }, seed: 1 },
];

export function shapeByName(name: string): Shape {
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape) throw new Error(`unknown bench shape ${name}; known: ${SHAPES.map((s) => s.name).join(", ")}`);
  return shape;
}

/** The cluster as the normalised Snapshot the compiler takes, skipping parse + validate (for tests). */
export function toSnapshot(services: readonly GeneratedService[]): Snapshot {
  const slices: EndpointSlice[] = [];
  for (const s of services) {
    for (let start = 0, n = 0; start < s.endpoints.length; start += MAX_ENDPOINTS_PER_SLICE, n++) {
      slices.push({
        namespace: s.namespace,
        name: `${s.name}-${n}`,
        serviceName: s.name,
        addressType: "IPv4",
        ports: s.ports.map((p) => ({ name: p.name, protocol: "tcp", port: p.targetPort })),
        endpoints: s.endpoints.slice(start, start + MAX_ENDPOINTS_PER_SLICE).map((ep) => ({
          addresses: [ep.ip],
          ready: true,
          serving: true,
          terminating: false,
          nodeName: ep.nodeName,
        })),
      });
    }
  }
  return {
    services: services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      type: s.type,
      clusterIPs: [s.clusterIP],
      ipFamilies: ["IPv4"],
      ports: s.ports.map((p) => ({ name: p.name, protocol: "tcp", port: p.port, targetPort: p.targetPort, ...(p.nodePort ? { nodePort: p.nodePort } : {}) })),
      externalIPs: [],
      loadBalancerIngress: s.loadBalancerIP ? [{ ip: s.loadBalancerIP }] : [],
      loadBalancerSourceRanges: [],
      externalTrafficPolicy: "Cluster",
      internalTrafficPolicy: "Cluster",
    })),
    endpointSlices: slices,
    nodes: [{ name: NODE_NAME, addresses: [{ type: "InternalIP", address: NODE_IP }], labels: { "topology.kubernetes.io/zone": "zone-a" } }],
  };
}

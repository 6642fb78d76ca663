import fc from "fast-check";
import { NODE_IPS, NODE_NAME, settingsArb, type NodeSettings } from "../fuzz/settings.js";

// fast-check arbitraries for random VALID cluster snapshots, as raw Kubernetes objects (so every
// generated case goes through the real loader), plus the node settings. Addresses, node ports and
// names are derived from indices, so they are unique where Kubernetes requires uniqueness and an
// endpoint address never repeats within a service (kube-proxy's cross-slice dedup depends on Go
// map order, which no order-independence property could survive).

export type KubeObject = Record<string, unknown>;
export type Fam = "IPv4" | "IPv6";

export interface GeneratedCase {
  readonly objects: readonly KubeObject[];
  readonly settings: NodeSettings;
}

export { NODE_NAME, defaultSettings, settingsArgs, type NodeSettings } from "../fuzz/settings.js";
const NODE_NAMES = [NODE_NAME, "node-b", "node-c"] as const;
const ZONES = ["zone-a", "zone-b"] as const;
const PROTOCOLS = ["TCP", "UDP", "SCTP"] as const;

/** A DNS-1035 label (valid as a Service name, and so as any DNS-1123 label). */
export const dnsLabel = (maxLength = 12): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"),
      fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-"), maxLength: maxLength - 2 }),
      fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"),
    )
    .map(([a, b, c]) => `${a}${b}${c}`);

export function ipOf(family: Fam, pool: "svc" | "ext" | "lb" | "pod", n: number): string {
  const hi = Math.floor(n / 250) % 250;
  const lo = (n % 250) + 1;
  const v4 = { svc: "10.96", ext: "203.0", lb: "198.51", pod: "10.244" }[pool];
  const v6 = { svc: "fd00:96", ext: "2001:db8:e", lb: "2001:db8:1b", pod: "fd00:244" }[pool];
  return family === "IPv4" ? `${v4}.${hi}.${lo}` : `${v6}::${(hi << 8 | lo).toString(16)}`;
}

/** `ip:port` as kube-proxy prints endpoints (IPv6 in brackets). */
export function endpointString(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

interface PortShape {
  readonly protocol: (typeof PROTOCOLS)[number];
  readonly port: number;
  readonly target: number;
  readonly namedTarget: boolean;
}

interface EndpointShape {
  readonly ready?: boolean;
  readonly serving?: boolean;
  readonly terminating?: boolean;
  readonly node?: number;
  readonly zone?: number;
  readonly hintZones?: readonly number[];
  readonly hintNodes?: readonly number[];
  readonly secondAddress?: boolean;
}

const portShape = fc.record({
  protocol: fc.constantFrom(...PROTOCOLS),
  port: fc.integer({ min: 1, max: 65535 }),
  target: fc.integer({ min: 1, max: 65535 }),
  namedTarget: fc.boolean(),
});

const endpointShape: fc.Arbitrary<EndpointShape> = fc.record(
  {
    ready: fc.boolean(),
    serving: fc.boolean(),
    terminating: fc.boolean(),
    node: fc.nat(NODE_NAMES.length - 1),
    zone: fc.nat(ZONES.length - 1),
    hintZones: fc.uniqueArray(fc.nat(ZONES.length - 1), { minLength: 1, maxLength: 2 }),
    hintNodes: fc.uniqueArray(fc.nat(NODE_NAMES.length - 1), { minLength: 1, maxLength: 2 }),
    secondAddress: fc.boolean(),
  },
  { requiredKeys: [] },
);

const serviceShape = fc.record({
  namespace: fc.constantFrom("default", "dev", "kube-system", "ns-1"),
  name: dnsLabel(),
  kind: fc.constantFrom("ClusterIP", "ClusterIP", "NodePort", "LoadBalancer", "ExternalName", "Headless"),
  families: fc.constantFrom<Fam[]>(["IPv4"], ["IPv4"], ["IPv6"], ["IPv4", "IPv6"], ["IPv6", "IPv4"]),
  ports: fc.uniqueArray(portShape, { minLength: 1, maxLength: 3, selector: (p) => `${p.port}/${p.protocol}` }),
  externalIPs: fc.nat(2),
  lbIngress: fc.array(fc.constantFrom("ip", "proxy", "hostname"), { maxLength: 2 }),
  sourceRanges: fc.nat(2),
  sourceRangeOffset: fc.nat(3),
  eTPLocal: fc.boolean(),
  iTPLocal: fc.boolean(),
  affinitySeconds: fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }),
  trafficDistribution: fc.constantFrom(undefined, undefined, "PreferClose"),
  legacyEndpoints: fc.constantFrom(false, false, false, true),
  slices: fc.array(fc.record({ family: fc.constantFrom<Fam | "FQDN">("IPv4", "IPv6", "IPv4", "IPv6", "FQDN"), endpoints: fc.array(endpointShape, { maxLength: 4 }), allPorts: fc.boolean() }), { maxLength: 3 }),
});
type ServiceShape = typeof serviceShape extends fc.Arbitrary<infer T> ? T : never;

const portName = (i: number, count: number): string => (count === 1 ? "" : `p${i}`);

function buildPorts(s: ServiceShape, index: number, nodePortBase: number): KubeObject[] {
  const nodePorts = s.kind === "NodePort" || s.kind === "LoadBalancer";
  return s.ports.map((p, i) => ({
    ...(s.ports.length > 1 ? { name: portName(i, s.ports.length) } : {}),
    protocol: p.protocol,
    port: p.port,
    targetPort: p.namedTarget ? `tp${i}` : p.target,
    ...(nodePorts ? { nodePort: nodePortBase + index * 4 + i } : {}),
  }));
}

function buildService(s: ServiceShape, index: number): KubeObject {
  const name = `${s.name}-${index}`.slice(0, 63).replace(/-+$/, "") || `s${index}`;
  const metadata = { name, namespace: s.namespace };
  if (s.kind === "ExternalName") {
    return { apiVersion: "v1", kind: "Service", metadata, spec: { type: "ExternalName", externalName: `${name}.example.com`, ports: buildPorts(s, index, 30000) } };
  }
  const headless = s.kind === "Headless";
  const clusterIPs = headless ? ["None"] : s.families.map((f) => ipOf(f, "svc", index));
  const external = s.kind === "NodePort" || s.kind === "LoadBalancer";
  const lb = s.kind === "LoadBalancer";
  const spec: KubeObject = {
    type: headless ? "ClusterIP" : s.kind,
    clusterIP: clusterIPs[0],
    clusterIPs,
    ipFamilies: s.families,
    ipFamilyPolicy: s.families.length > 1 ? "RequireDualStack" : "SingleStack",
    ports: buildPorts(s, index, 30000),
    sessionAffinity: s.affinitySeconds && !headless ? "ClientIP" : "None",
    ...(s.affinitySeconds && !headless ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: s.affinitySeconds } } } : {}),
    internalTrafficPolicy: s.iTPLocal ? "Local" : "Cluster",
    ...(s.trafficDistribution && !headless ? { trafficDistribution: s.trafficDistribution } : {}),
    ...(external ? { externalTrafficPolicy: s.eTPLocal ? "Local" : "Cluster" } : {}),
    ...(lb && s.eTPLocal ? { healthCheckNodePort: 32000 + index } : {}),
    ...(!headless && s.externalIPs > 0 ? { externalIPs: range(s.externalIPs).map((k) => ipOf(s.families[k % s.families.length]!, "ext", index * 4 + k)) } : {}),
    ...(lb && s.sourceRanges > 0 ? { loadBalancerSourceRanges: range(s.sourceRanges).map((k) => sourceRange(s.families[k % s.families.length]!, s.sourceRangeOffset + k)) } : {}),
  };
  const status = lb ? { loadBalancer: { ingress: s.lbIngress.map((kind, k) => lbIngress(kind, s.families[k % s.families.length]!, index * 4 + k)) } } : {};
  return { apiVersion: "v1", kind: "Service", metadata, spec, status };
}

function lbIngress(kind: string, family: Fam, n: number): KubeObject {
  if (kind === "hostname") return { hostname: `lb-${n}.example.com` };
  return kind === "proxy" ? { ip: ipOf(family, "lb", n), ipMode: "Proxy" } : { ip: ipOf(family, "lb", n), ipMode: "VIP" };
}

// Some ranges hold this node's IP (192.168.0.10 / fd00:192:168::10): kube-proxy then also allows the
// LB IPs as sources, a special case worth generating.
const SOURCE_RANGES = {
  IPv4: ["192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "0.0.0.0/0"],
  IPv6: ["2001:db8:aa::/48", "fd00:192:168::/64", "fd00:1::/64", "::/0"],
} as const;

function sourceRange(family: Fam, k: number): string {
  return SOURCE_RANGES[family][k % SOURCE_RANGES[family].length]!;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function buildEndpoint(e: EndpointShape, addresses: string[]): KubeObject {
  const conditions: KubeObject = {};
  if (e.ready !== undefined) conditions.ready = e.ready;
  if (e.serving !== undefined) conditions.serving = e.serving;
  if (e.terminating !== undefined) conditions.terminating = e.terminating;
  return {
    addresses,
    conditions,
    ...(e.node !== undefined ? { nodeName: NODE_NAMES[e.node] } : {}),
    ...(e.zone !== undefined ? { zone: ZONES[e.zone] } : {}),
    ...(e.hintZones || e.hintNodes
      ? { hints: { ...(e.hintZones ? { forZones: e.hintZones.map((z) => ({ name: ZONES[z] })) } : {}), ...(e.hintNodes ? { forNodes: e.hintNodes.map((n) => ({ name: NODE_NAMES[n] })) } : {}) } }
      : {}),
  };
}

/** An endpoint's addresses: unique within the service (32 per service), FQDNs for FQDN slices. */
function addressesFor(family: Fam | "FQDN", e: EndpointShape, index: number, next: () => number): string[] {
  const one = (): string => (family === "FQDN" ? `ep-${index}-${next()}.example.com` : ipOf(family, "pod", index * 32 + next()));
  return e.secondAddress && family !== "FQDN" ? [one(), one()] : [one()];
}

/** The same endpoints as a legacy v1 Endpoints object (which the loader mirrors into slices). */
function buildLegacyEndpoints(s: ServiceShape, svc: KubeObject, slices: KubeObject[]): KubeObject[] {
  const meta = svc.metadata as { name: string; namespace: string };
  const subsets = slices
    .filter((slice) => slice.addressType !== "FQDN" && (slice.endpoints as unknown[]).length > 0)
    .map((slice) => {
      const endpoints = slice.endpoints as { addresses: string[]; conditions: { ready?: boolean }; nodeName?: string }[];
      const address = (e: (typeof endpoints)[number]) => ({ ip: e.addresses[0], ...(e.nodeName ? { nodeName: e.nodeName } : {}) });
      const ready = endpoints.filter((e) => e.conditions.ready ?? true).map(address);
      const notReady = endpoints.filter((e) => !(e.conditions.ready ?? true)).map(address);
      return { ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports: slice.ports };
    });
  if (s.slices.length === 0) return [];
  return [{ apiVersion: "v1", kind: "Endpoints", metadata: { name: meta.name, namespace: meta.namespace }, subsets }];
}

function buildSlices(s: ServiceShape, svc: KubeObject, index: number): KubeObject[] {
  const meta = svc.metadata as { name: string; namespace: string };
  let counter = 0;
  const next = () => counter++;
  return s.slices.map((slice, k) => {
    const ports = s.ports
      .map((p, i) => ({ name: portName(i, s.ports.length), protocol: p.protocol, port: p.target }))
      .filter((_, i) => slice.allPorts || i === 0);
    return {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: `${meta.name}-${k}x${index}`, namespace: meta.namespace, labels: { "kubernetes.io/service-name": meta.name } },
      addressType: slice.family,
      ports,
      endpoints: slice.endpoints.map((e) => buildEndpoint(e, addressesFor(slice.family, e, index, next))),
    };
  });
}

function buildNode(name: string, zone: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "topology.kubernetes.io/zone": zone, "kubernetes.io/hostname": name } },
    status: { addresses: [{ type: "InternalIP", address: NODE_IPS.IPv4 }, { type: "InternalIP", address: NODE_IPS.IPv6 }, { type: "Hostname", address: name }] },
  };
}

/** A random valid snapshot (Services, EndpointSlices or legacy Endpoints, Nodes) and node settings. */
export function validCase(options: { maxServices?: number } = {}): fc.Arbitrary<GeneratedCase> {
  return fc
    .record({
      services: fc.array(serviceShape, { minLength: 1, maxLength: options.maxServices ?? 5 }),
      nodeZone: fc.nat(ZONES.length - 1),
      withNode: fc.boolean(),
      settings: settingsArb,
    })
    .map(({ services, nodeZone, withNode, settings }) => {
      const objects: KubeObject[] = [];
      services.forEach((shape, i) => {
        const svc = buildService(shape, i);
        const slices = buildSlices(shape, svc, i);
        objects.push(svc, ...(shape.legacyEndpoints ? buildLegacyEndpoints(shape, svc, slices) : slices));
      });
      if (withNode) objects.push(buildNode(NODE_NAME, ZONES[nodeZone]!), buildNode("node-b", ZONES[(nodeZone + 1) % ZONES.length]!));
      return { objects, settings };
    });
}


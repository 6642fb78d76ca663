import type { ProxyConfig } from "../../../src/model/config.js";
import type { Protocol } from "../../../src/model/ruleset.js";
import type { Endpoint, Service, ServicePort, Snapshot } from "../../../src/model/snapshot.js";
import { cidrContains, parseAddress } from "../../../src/read/addresses.js";
import type { TracePacket } from "../../../src/read/trace-types.js";

// What a packet to a service should meet, worked out from the snapshot alone with the rules of
// kube-proxy's documentation (spec §5.3, §6) — deliberately NOT through src/compile, so that the
// oracle can disagree with the compiler. Topology hints are not modelled: with hints the check
// is only "a subset of the usable endpoints, evenly split".

export type Expected =
  | { readonly kind: "endpoints"; readonly endpoints: readonly string[]; readonly exact: boolean; readonly masquerade: boolean }
  | { readonly kind: "reject" }
  | { readonly kind: "drop" };

export interface Probe {
  readonly name: string;
  readonly packet: TracePacket;
  readonly expected: Expected;
}

interface Ep {
  readonly key: string;
  readonly local: boolean;
  readonly ready: boolean;
  readonly terminating: boolean;
  readonly servingTerminating: boolean;
}

/** `ip:port` with the address normalised, the same key the oracle makes of a DNAT outcome. */
export function endpointKey(ip: string, port: number): string {
  const a = parseAddress(ip);
  return `${a === undefined ? ip : `${a.family}/${a.value.toString(16)}`}:${port}`;
}

const familyOf = (ip: string): 4 | 6 | undefined => parseAddress(ip)?.family;

function endpointsOf(snapshot: Snapshot, svc: Service, port: ServicePort, config: ProxyConfig): { eps: Ep[]; hinted: boolean } {
  const addressType = config.family === "ipv4" ? "IPv4" : "IPv6";
  const byKey = new Map<string, Ep>();
  let hinted = svc.trafficDistribution !== undefined;
  for (const slice of snapshot.endpointSlices) {
    if (slice.namespace !== svc.namespace || slice.serviceName !== svc.name || slice.addressType !== addressType) continue;
    const slicePort = slice.ports.find((p) => p.name === port.name && p.protocol === port.protocol);
    if (slicePort?.port === undefined) continue;
    for (const e of slice.endpoints) {
      const ip = e.addresses[0];
      if (ip === undefined || parseAddress(ip) === undefined) continue;
      if (e.hints !== undefined) hinted = true;
      const key = endpointKey(ip, slicePort.port);
      // The same ip:port in two slices: a later copy wins unless it is terminating (spec §5.2).
      if (byKey.get(key)?.terminating === false && e.terminating) continue;
      byKey.set(key, toEp(e, key, config));
    }
  }
  return { eps: [...byKey.values()], hinted };
}

function toEp(e: Endpoint, key: string, config: ProxyConfig): Ep {
  return { key, local: e.nodeName !== undefined && e.nodeName === config.nodeName, ready: e.ready, terminating: e.terminating, servingTerminating: e.serving && e.terminating };
}

/** Ready endpoints; when none is ready, the serving+terminating ones (kube-proxy's fallback). */
function usable(eps: readonly Ep[]): string[] {
  const ready = eps.filter((e) => e.ready);
  return (ready.length > 0 ? ready : eps.filter((e) => e.servingTerminating)).map((e) => e.key);
}

function expectation(all: readonly string[], chosen: readonly string[], hinted: boolean, masquerade: boolean): Expected {
  if (all.length === 0) return { kind: "reject" };
  if (chosen.length === 0) return { kind: "drop" };
  return { kind: "endpoints", endpoints: chosen, exact: !hinted, masquerade };
}

/** An address near the top of a CIDR (never an endpoint in the fixtures). */
function hostIn(cidr: string): string | undefined {
  const [net = "", prefixText = ""] = cidr.split("/");
  const a = parseAddress(net);
  if (a === undefined) return undefined;
  const bits = a.family === 4 ? 32 : 128;
  const host = bits - Number(prefixText || bits);
  if (host < 3) return undefined;
  const value = ((a.value >> BigInt(host)) << BigInt(host)) + (1n << BigInt(host)) - 3n;
  return formatAddress(a.family, value);
}

function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
  return Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(":");
}

interface Sources {
  readonly pod?: { readonly ip: string; readonly inInterface?: string };
  readonly node?: string;
  readonly client: string;
}

function sources(config: ProxyConfig): Sources {
  const v4 = config.family === "ipv4";
  const client = v4 ? "203.0.113.99" : "2001:db8:ffff::99";
  const node = config.nodeIPs.find((ip) => familyOf(ip) === (v4 ? 4 : 6));
  const d = config.detectLocal;
  const cidr = d.mode === "ClusterCIDR" || d.mode === "NodeCIDR" ? d.cidrs.find((c) => familyOf(c.split("/")[0] ?? "") === (v4 ? 4 : 6)) : undefined;
  const podIp = cidr !== undefined ? hostIn(cidr) : v4 ? "10.254.254.253" : "fd00:254::253";
  const inInterface = d.mode === "BridgeInterface" ? d.interfaceName : d.mode === "InterfaceNamePrefix" ? `${d.prefix}0` : undefined;
  return { ...(podIp !== undefined ? { pod: { ip: podIp, ...(inInterface ? { inInterface } : {}) } } : {}), ...(node !== undefined ? { node } : {}), client };
}

/** The node IP a node port is reachable on, if `--nodeport-addresses` allows one. */
function nodePortAddress(config: ProxyConfig, node: string | undefined): string | undefined {
  if (node === undefined) return undefined;
  const family = familyOf(node);
  const cidrs = config.nodePortAddresses.filter((c) => c === "primary" || familyOf(c.split("/")[0] ?? "") === family);
  if (cidrs.length === 0) return node;
  return config.nodeIPs.filter((ip) => familyOf(ip) === family && !ip.startsWith("127.")).find((ip) => cidrs.some((c) => (c === "primary" ? ip === node : cidrContains(c, ip))));
}

/**
 * `layout`: kube-proxy's nftables mode checks LoadBalancerSourceRanges even for a service without
 * endpoints (a blocked client is dropped, nftables spec §6.1 usesFW); iptables mode writes no
 * firewall then, and the client gets the no-endpoints REJECT.
 */
export function probes(snapshot: Snapshot, config: ProxyConfig, layout: "iptables" | "nft-kube" = "iptables"): Probe[] {
  const out: Probe[] = [];
  const src = sources(config);
  const want = config.family === "ipv4" ? 4 : 6;
  for (const svc of snapshot.services) {
    if (svc.type === "ExternalName") continue;
    const clusterIP = svc.clusterIPs.find((ip) => familyOf(ip) === want);
    if (clusterIP === undefined) continue;
    for (const port of svc.ports) {
      const { eps, hinted } = endpointsOf(snapshot, svc, port, config);
      const cluster = usable(eps);
      const local = usable(eps.filter((e) => e.local));
      const spn = `${svc.namespace}/${svc.name}${port.name ? `:${port.name}` : ""}/${port.protocol}`;
      const packet = (dst: string, dport: number, over: Partial<TracePacket>): TracePacket => ({ src: src.client, dst, dport, protocol: port.protocol as Protocol, from: "outside", ...over });
      const internal = svc.internalTrafficPolicy === "Local" ? local : cluster;
      if (src.pod) {
        out.push({ name: `${spn} cluster IP from a pod`, packet: packet(clusterIP, port.port, { src: src.pod.ip, ...(src.pod.inInterface ? { inInterface: src.pod.inInterface } : {}) }), expected: expectation(cluster, internal, hinted, config.masqueradeAll) });
      }
      if (src.node) {
        const masq = config.masqueradeAll || config.detectLocal.mode !== "None";
        out.push({ name: `${spn} cluster IP from the node`, packet: packet(clusterIP, port.port, { src: src.node, from: "node" }), expected: expectation(cluster, internal, hinted, masq) });
      }
      const external = svc.externalTrafficPolicy === "Local" ? local : cluster;
      const ext = (name: string, dst: string, dport: number, blocked = false): void => {
        out.push({ name: `${spn} ${name} from outside`, packet: packet(dst, dport, {}), expected: blocked ? { kind: "drop" } : expectation(cluster, external, hinted, svc.externalTrafficPolicy !== "Local") });
      };
      const npAddress = nodePortAddress(config, src.node);
      if (port.nodePort !== undefined && (svc.type === "NodePort" || svc.type === "LoadBalancer") && npAddress !== undefined) ext(`node port ${npAddress}:${port.nodePort}`, npAddress, port.nodePort);
      for (const ip of svc.externalIPs) if (familyOf(ip) === want) ext(`external IP ${ip}`, ip, port.port);
      if (svc.type === "LoadBalancer") {
        const ranges = svc.loadBalancerSourceRanges.filter((c) => familyOf(c.trim().split("/")[0] ?? "") === want);
        const blocked = ranges.length > 0 && !ranges.some((c) => cidrContains(c.trim(), src.client));
        for (const ingress of svc.loadBalancerIngress) {
          if (ingress.ip === undefined || ingress.ipMode === "Proxy" || familyOf(ingress.ip) !== want) continue;
          ext(`load balancer IP ${ingress.ip}`, ingress.ip, port.port, blocked && (cluster.length > 0 || layout === "nft-kube"));
        }
      }
    }
  }
  return out;
}

import { createHash } from "node:crypto";
import type { Protocol } from "../../model/ruleset.js";
import { chainName, type ChainName } from "../../model/names.js";

// kube-proxy's nftables-mode names (pkg/proxy/nftables hashAndTruncate): readable, with a short
// hash in front so that two names never collide after truncation. Unlike iptables mode, the hashed
// string has `/` separators and an unnamed port leaves a trailing slash (`ns7/svc7/udp/`).

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** knftables' NameLengthMax (256) minus a 16-byte allowance for prefixes. */
const MAX_NAME_BYTES = 240;

/** The first 8 characters of RFC 4648 base32 of SHA-256: 40 bits, so 5 bytes are enough. */
function hash8(text: string): string {
  const digest = createHash("sha256").update(text, "utf8").digest();
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(digest[i] ?? 0);
  let out = "";
  for (let i = 7; i >= 0; i--) out += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
  return out;
}

export function hashAndTruncate(name: string): string {
  const full = `${hash8(name)}-${name}`;
  const bytes = new TextEncoder().encode(full);
  if (bytes.length <= MAX_NAME_BYTES) return full;
  // Names are ASCII (DNS labels, IP text), so cutting bytes never splits a character.
  return `${new TextDecoder().decode(bytes.slice(0, MAX_NAME_BYTES - 3))}...`;
}

export interface ServicePortId {
  readonly namespace: string;
  readonly name: string;
  readonly protocol: Protocol;
  readonly portName: string;
}

/** `ULMVA6XW-ns1/svc1/tcp/p80`: what the service-, local-, external- and firewall- chains share. */
export function serviceBase(id: ServicePortId): string {
  return hashAndTruncate(`${id.namespace}/${id.name}/${id.protocol}/${id.portName}`);
}

/** `5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80`; IPv6 colons become dots (`fd00.10.180..1`). */
export function endpointBase(id: ServicePortId, ip: string, port: number): string {
  return hashAndTruncate(`${id.namespace}/${id.name}/${id.protocol}/${id.portName}__${ip.replace(/:/g, ".")}/${port}`);
}

export const serviceChain = (base: string): ChainName => chainName(`service-${base}`);
export const localChain = (base: string): ChainName => chainName(`local-${base}`);
export const externalChain = (base: string): ChainName => chainName(`external-${base}`);
export const firewallChain = (base: string): ChainName => chainName(`firewall-${base}`);
export const endpointChain = (base: string): ChainName => chainName(`endpoint-${base}`);
export const affinitySet = (base: string): string => `affinity-${base}`;

/** kube-proxy's fixed chains and sets in nftables mode. */
export const Fixed = {
  filterPreroutingPreDnat: chainName("filter-prerouting-pre-dnat"),
  filterOutputPreDnat: chainName("filter-output-pre-dnat"),
  filterInput: chainName("filter-input"),
  filterForward: chainName("filter-forward"),
  filterOutput: chainName("filter-output"),
  natPrerouting: chainName("nat-prerouting"),
  natOutput: chainName("nat-output"),
  natPostrouting: chainName("nat-postrouting"),
  nodeportEndpointsCheck: chainName("nodeport-endpoints-check"),
  serviceEndpointsCheck: chainName("service-endpoints-check"),
  firewallCheck: chainName("firewall-check"),
  services: chainName("services"),
  masquerading: chainName("masquerading"),
  clusterIPsCheck: chainName("cluster-ips-check"),
  markForMasquerade: chainName("mark-for-masquerade"),
  rejectChain: chainName("reject-chain"),
} as const;

export const FixedSet = {
  clusterIPs: "cluster-ips",
  nodePortIPs: "nodeport-ips",
  serviceIPs: "service-ips",
  serviceNodePorts: "service-nodeports",
  noEndpointServices: "no-endpoint-services",
  noEndpointNodePorts: "no-endpoint-nodeports",
  firewallIPs: "firewall-ips",
} as const;

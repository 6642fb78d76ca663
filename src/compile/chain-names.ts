import { hash } from "node:crypto";
import type { Protocol } from "../model/ruleset.js";
import { chainName, type ChainName } from "../model/names.js";

// kube-proxy names per-service-port chains after a hash: SHA-256 of the string, RFC 4648 base32
// (upper case, A–Z2–7), first 16 characters. The hashed string is plain concatenation with no
// separator — `ns1/svc1:p80` + `tcp` (+ `10.180.0.1:80` for an endpoint) — and the protocol is
// lower case. Names carry no IP family, so IPv4 and IPv6 rulesets share them.

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** The first 16 characters of base32(sha256(text)); padding never reaches them. */
export function hash16(text: string): string {
  // One-shot crypto.hash (Node ≥ 20.12) is ~2.5× faster than createHash().update().digest(), and
  // a large cluster hashes one name per endpoint.
  const digest = hash("sha256", text, "buffer");
  // Character codes first, one fromCharCode at the end: appending 16 characters one at a time
  // builds a rope (V8 cons string) that every later map lookup, sort and render has to walk.
  const codes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const byte of digest) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && codes.length < 16) {
      codes.push(BASE32.charCodeAt((buffer >> (bits - 5)) & 31));
      bits -= 5;
    }
    if (codes.length >= 16) break;
  }
  return String.fromCharCode(...codes);
}

/** kube-proxy's ServicePortName string: `ns/name:port`, or `ns/name` for an unnamed port. */
export function servicePortNameString(namespace: string, name: string, portName: string): string {
  return portName === "" ? `${namespace}/${name}` : `${namespace}/${name}:${portName}`;
}

export interface ServiceChains {
  /** KUBE-SVC-…: all usable endpoints (cluster traffic policy). */
  readonly svc: ChainName;
  /** KUBE-SVL-…: this node's endpoints (local traffic policy). */
  readonly svl: ChainName;
  /** KUBE-EXT-…: entry for node ports, external IPs and load-balancer IPs. */
  readonly ext: ChainName;
  /** KUBE-FW-…: loadBalancerSourceRanges firewall. */
  readonly fw: ChainName;
}

export function serviceChains(servicePortName: string, protocol: Protocol): ServiceChains {
  const h = hash16(servicePortName + protocol);
  return {
    svc: chainName(`KUBE-SVC-${h}`),
    svl: chainName(`KUBE-SVL-${h}`),
    ext: chainName(`KUBE-EXT-${h}`),
    fw: chainName(`KUBE-FW-${h}`),
  };
}

/** KUBE-SEP-…: one endpoint; `endpoint` is `ip:port` with IPv6 in brackets (the brackets are hashed). */
export function endpointChain(servicePortName: string, protocol: Protocol, endpoint: string): ChainName {
  return chainName(`KUBE-SEP-${hash16(servicePortName + protocol + endpoint)}`);
}

/** Prefixes of the chains kube-proxy creates per service port (and deletes when stale). */
const serviceChainPrefixes = ["KUBE-SVC-", "KUBE-SVL-", "KUBE-SEP-", "KUBE-FW-", "KUBE-EXT-"] as const;

export function isServiceChain(name: string): boolean {
  return serviceChainPrefixes.some((p) => name.startsWith(p));
}

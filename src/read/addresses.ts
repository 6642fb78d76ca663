import { addressBits, cidrContains as ipCidrContains, networkOf, parseIP } from "../model/ip.js";

// IPv4/IPv6 addresses as bigints, so a trace can test CIDR containment (`-d 10.0.0.0/8`,
// `! -s 127.0.0.0/8`) without string tricks. Only what rules contain is accepted.

export interface Address {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export function parseAddress(text: string): Address | undefined {
  const ip = parseIP(text);
  return ip === undefined ? undefined : { family: ip.family === "IPv4" ? 4 : 6, value: ip.value };
}

/** Whether `ip` lies in `cidr` (a bare address is a host route). False across families. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [network = "", prefixText] = cidr.split("/");
  const net = parseIP(network);
  const addr = parseIP(ip);
  if (net === undefined || addr === undefined) return false;
  const bits = addressBits(net.family);
  // Lenient on purpose (Number(), not parsePrefixLength): a trace reads prefixes as rules print them.
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return false;
  return ipCidrContains(networkOf(net, prefix), addr);
}

export function sameAddress(a: string, b: string): boolean {
  const x = parseAddress(a);
  const y = parseAddress(b);
  return x !== undefined && y !== undefined && x.family === y.family && x.value === y.value;
}

export function isLoopback(ip: string): boolean {
  return cidrContains("127.0.0.0/8", ip) || cidrContains("::1/128", ip);
}

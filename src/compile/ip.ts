import * as ip from "../model/ip.js";
import type { Family } from "../model/ruleset.js";
import type { IPFamily } from "../model/snapshot.js";

// The compiler's view of IPs and CIDRs (parsing and printing live in model/ip.ts): families spelled
// as the proxier's ("ipv4"), the normalised text computed once, and IPv4-mapped IPv6 addresses read
// as the IPv4 address they carry (net.IP.To4), as kube-proxy's family checks do. Invalid values are
// skipped by callers, never fatal.

export interface ParsedIP {
  readonly family: Family;
  /** The address as a big integer (32 or 128 bits). */
  readonly value: bigint;
  /** Go net.IP.String() text. */
  readonly text: string;
}

export interface ParsedCIDR {
  readonly family: Family;
  readonly network: bigint;
  readonly prefix: number;
  /** `network/prefix`, the masked form kube-proxy prints. */
  readonly text: string;
}

function proxierFamily(family: IPFamily): Family {
  return family === "IPv4" ? "ipv4" : "ipv6";
}

/** The Kubernetes API spelling of a proxier family (Service.spec.ipFamilies, EndpointSlice.addressType). */
export function apiFamily(family: Family): IPFamily {
  return family === "ipv4" ? "IPv4" : "IPv6";
}

function parseAddress(text: string): ip.IPAddress | undefined {
  const parsed = ip.parseIP(text);
  return parsed === undefined ? undefined : ip.unmapIPv4(parsed);
}

/** Parses an IPv4 or IPv6 address the way ParseIPSloppy does; undefined when invalid. */
export function parseIP(text: string): ParsedIP | undefined {
  const parsed = parseAddress(text);
  return parsed === undefined ? undefined : { family: proxierFamily(parsed.family), value: parsed.value, text: ip.formatIP(parsed) };
}

/** Parses `addr/prefix` (surrounding blanks allowed) and masks it to its network, like net.ParseCIDR; undefined when invalid. */
export function parseCIDR(s: string): ParsedCIDR | undefined {
  const text = s.trim();
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const address = parseAddress(text.slice(0, slash));
  const prefix = address === undefined ? undefined : ip.parsePrefixLength(text.slice(slash + 1), address.family);
  if (address === undefined || prefix === undefined) return undefined;
  const cidr = ip.networkOf(address, prefix);
  return { family: proxierFamily(address.family), network: cidr.ip.value, prefix, text: ip.formatCIDR(cidr) };
}

export function cidrContains(cidr: ParsedCIDR, address: ParsedIP): boolean {
  const family = apiFamily(cidr.family);
  return address.family === cidr.family && ip.cidrContains({ ip: { family, value: cidr.network }, prefix: cidr.prefix }, { family, value: address.value });
}

/** Normalised text of an address of the given family, or undefined (invalid or other family). */
export function ipOfFamily(s: string, family: Family): string | undefined {
  const parsed = parseIP(s);
  return parsed && parsed.family === family ? parsed.text : undefined;
}

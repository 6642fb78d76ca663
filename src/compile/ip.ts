import type { Family } from "../model/ruleset.js";

// IP and CIDR handling as kube-proxy does it: addresses are parsed "sloppily" (IPv4 octets may have
// leading zeros, read as decimal — netutils.ParseIPSloppy) and printed in Go's net.IP.String()
// form (dotted quad; RFC 5952 for IPv6). Invalid values are skipped by callers, never fatal.

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

function parseIPv4Octets(s: string): number[] | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const p of parts) {
    // Sloppy: leading zeros are allowed and read as decimal (`010` is 10, as in old Go net.ParseIP).
    if (!/^[0-9]+$/.test(p)) return undefined;
    const n = Number.parseInt(p, 10);
    if (n > 255) return undefined;
    octets.push(n);
  }
  return octets;
}

function octetsToBig(octets: readonly number[]): bigint {
  return octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
}

function parseIPv6Groups(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const toGroups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const groups: number[] = [];
    const items = part.split(":");
    for (let i = 0; i < items.length; i++) {
      const item = items[i] ?? "";
      if (i === items.length - 1 && item.includes(".")) {
        const v4 = parseIPv4Octets(item);
        if (!v4) return undefined;
        groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(item)) return undefined;
        groups.push(Number.parseInt(item, 16));
      }
    }
    return groups;
  };
  const head = toGroups(halves[0] ?? "");
  const tail = halves.length === 2 ? toGroups(halves[1] ?? "") : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function formatIPv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join(".");
}

function formatIPv6(value: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => Number((value >> s) & 0xffffn));
  // IPv4-mapped addresses print as dotted IPv4 in Go.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return formatIPv4(value & 0xffffffffn);
  // RFC 5952: compress the longest run (length ≥ 2) of zero groups; the first run wins a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/** Parses an IPv4 or IPv6 address the way ParseIPSloppy does; undefined when invalid. */
export function parseIP(text: string): ParsedIP | undefined {
  if (text.includes(":")) {
    const value = parseIPv6Groups(text);
    if (value === undefined) return undefined;
    const isMapped = value >> 32n === 0xffffn;
    if (isMapped) {
      const v4 = value & 0xffffffffn;
      return { family: "ipv4", value: v4, text: formatIPv4(v4) };
    }
    return { family: "ipv6", value, text: formatIPv6(value) };
  }
  const octets = parseIPv4Octets(text);
  if (!octets) return undefined;
  const value = octetsToBig(octets);
  return { family: "ipv4", value, text: formatIPv4(value) };
}

export function bitsOf(family: Family): number {
  return family === "ipv4" ? 32 : 128;
}

/** Parses `addr/prefix` and masks it to its network, like net.ParseCIDR; undefined when invalid. */
export function parseCIDR(s: string): ParsedCIDR | undefined {
  const text = s.trim();
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number.parseInt(prefixText, 10);
  const bits = bitsOf(ip.family);
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const network = (ip.value >> hostBits) << hostBits;
  const networkText = ip.family === "ipv4" ? formatIPv4(network) : formatIPv6(network);
  return { family: ip.family, network, prefix, text: `${networkText}/${prefix}` };
}

export function cidrContains(cidr: ParsedCIDR, ip: ParsedIP): boolean {
  if (cidr.family !== ip.family) return false;
  const hostBits = BigInt(bitsOf(cidr.family) - cidr.prefix);
  return (ip.value >> hostBits) << hostBits === cidr.network;
}

/** Go net.JoinHostPort: IPv6 addresses in brackets. */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Normalised text of an address of the given family, or undefined (invalid or other family). */
export function ipOfFamily(s: string, family: Family): string | undefined {
  const ip = parseIP(s);
  return ip && ip.family === family ? ip.text : undefined;
}

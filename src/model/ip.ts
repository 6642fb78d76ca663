import type { IPFamily } from "./snapshot.js";

// IP addresses and CIDRs read the way kube-proxy reads them (k8s.io/utils/net ParseIPSloppy /
// ParseCIDRSloppy: IPv4 octets with leading zeros are decimal, `010` is 10) and printed the way
// Go's net.IP.String() prints them, so the strings kprc hashes and writes are the ones kube-proxy
// hashes and writes. One implementation for every layer: input validates with it, compile
// normalises with it, read compares addresses found in rules with it.

export interface IPAddress {
  readonly family: IPFamily;
  /** The address as a 32-bit (IPv4) or 128-bit (IPv6) integer. */
  readonly value: bigint;
}

export interface CIDR {
  /** The network address: host bits cleared, as kube-proxy prints a CIDR. */
  readonly ip: IPAddress;
  readonly prefix: number;
}

export function addressBits(family: IPFamily): 32 | 128 {
  return family === "IPv4" ? 32 : 128;
}

/** The 32-bit value of a dotted quad, octets of 1–3 decimal digits; undefined when invalid. */
function parseIPv4Number(text: string): number | undefined {
  // A hand-rolled scan rather than split + regex: this runs for every endpoint of a cluster dump.
  let result = 0;
  let octets = 0;
  let octet = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // the end closes the last octet like a "."
    if (c === 46) {
      if (digits === 0 || octet > 255 || octets === 4) return undefined;
      result = result * 256 + octet;
      octets++;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
    } else {
      return undefined;
    }
  }
  return octets === 4 ? result : undefined;
}

function hexGroups(half: string): number[] | undefined {
  if (half === "") return [];
  const groups: number[] = [];
  for (const group of half.split(":")) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    groups.push(Number.parseInt(group, 16));
  }
  return groups;
}

function parseIPv6Value(text: string): bigint | undefined {
  // 45 characters is the longest valid spelling (six full groups and a dotted IPv4 tail).
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return undefined;
  let head = text;
  let tail: number[] = [];
  // An embedded dotted IPv4 address may only stand in the last 32 bits (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`).
  if (text.includes(".")) {
    const lastColon = text.lastIndexOf(":");
    const v4 = parseIPv4Number(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [Math.floor(v4 / 0x10000), v4 % 0x10000];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const left = hexGroups(halves[0] ?? "");
  const right = halves.length === 2 ? hexGroups(halves[1] ?? "") : [];
  if (left === undefined || right === undefined) return undefined;
  const missing = 8 - left.length - right.length - tail.length;
  // `::` stands for at least one zero group; without it all eight groups must be written.
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right, ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parses an IPv4 or IPv6 address as ParseIPSloppy does; undefined when invalid. IPv4-mapped addresses stay IPv6. */
export function parseIP(text: string): IPAddress | undefined {
  if (text.includes(":")) {
    const value = parseIPv6Value(text);
    return value === undefined ? undefined : { family: "IPv6", value };
  }
  const value = parseIPv4Number(text);
  return value === undefined ? undefined : { family: "IPv4", value: BigInt(value) };
}

/** `::ffff:a.b.c.d`: Go treats these as IPv4 addresses written in IPv6 form. */
export function isIPv4Mapped(ip: IPAddress): boolean {
  return ip.family === "IPv6" && ip.value >> 32n === 0xffffn;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (net.IP.To4); other addresses unchanged. */
export function unmapIPv4(ip: IPAddress): IPAddress {
  return isIPv4Mapped(ip) ? { family: "IPv4", value: ip.value & 0xffffffffn } : ip;
}

function formatIPv4(value: bigint): string {
  const n = Number(value);
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

/** RFC 5952: the longest run of two or more zero groups becomes `::`, the first one on a tie. */
function formatIPv6(value: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((value >> shift) & 0xffffn));
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
  const hex = (gs: readonly number[]) => gs.map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** Go net.IP.String(): dotted quad, RFC 5952 IPv6, and IPv4-mapped addresses as dotted quad. */
export function formatIP(ip: IPAddress): string {
  if (ip.family === "IPv4") return formatIPv4(ip.value);
  return isIPv4Mapped(ip) ? formatIPv4(ip.value & 0xffffffffn) : formatIPv6(ip.value);
}

/** A prefix length as written after the slash: 1–3 decimal digits, at most the family's bits. */
export function parsePrefixLength(text: string, family: IPFamily): number | undefined {
  if (!/^[0-9]{1,3}$/.test(text)) return undefined;
  const prefix = Number(text);
  return prefix <= addressBits(family) ? prefix : undefined;
}

/** The network `ip/prefix` lies in: host bits cleared, as net.ParseCIDR returns it. */
export function networkOf(ip: IPAddress, prefix: number): CIDR {
  const hostBits = BigInt(addressBits(ip.family) - prefix);
  return { ip: { family: ip.family, value: (ip.value >> hostBits) << hostBits }, prefix };
}

/** Parses `addr/prefix` and masks it to its network, like ParseCIDRSloppy; undefined when invalid. */
export function parseCIDR(text: string): CIDR | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const prefix = ip === undefined ? undefined : parsePrefixLength(text.slice(slash + 1), ip.family);
  return ip === undefined || prefix === undefined ? undefined : networkOf(ip, prefix);
}

export function formatCIDR(cidr: CIDR): string {
  return `${formatIP(cidr.ip)}/${cidr.prefix}`;
}

/** Whether `ip` lies inside `cidr` (same family, network bits equal). */
export function cidrContains(cidr: CIDR, ip: IPAddress): boolean {
  return cidr.ip.family === ip.family && networkOf(ip, cidr.prefix).ip.value === cidr.ip.value;
}

/** Go net.JoinHostPort: `ip:port`, with an IPv6 address in brackets (`[fd00::1]:80`). */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

import type { IPFamily } from "../model/snapshot.js";

// IP and CIDR parsing the way kube-proxy reads them (Go's ParseIPSloppy / ParseCIDRSloppy: IPv4
// octets with leading zeros are decimal), printed the way Go's net.IP.String() prints them, so the
// strings kprc hashes and writes are the ones kube-proxy hashes and writes.

export interface ParsedIP {
  readonly family: IPFamily;
  /** 4 bytes for IPv4, 16 for IPv6. */
  readonly bytes: readonly number[];
}

export interface ParsedCIDR {
  /** The network address: host bits cleared, as kube-proxy prints a CIDR. */
  readonly ip: ParsedIP;
  readonly prefix: number;
}

export function parseIPv4(text: string): ParsedIP | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return { family: "IPv4", bytes };
}

function parseIPv6(text: string): ParsedIP | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return undefined;
  let head = text;
  let tail: number[] = [];
  // An embedded dotted IPv4 address in the last 32 bits (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`).
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [...v4.bytes];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = groupsOf(halves[0] ?? "");
  const right = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (left === undefined || right === undefined) return undefined;
  const tailGroups = tail.length / 2;
  const total = left.length + right.length + tailGroups;
  let groups: number[];
  if (halves.length === 2) {
    if (total > 7) return undefined;
    groups = [...left, ...new Array<number>(8 - total).fill(0), ...right];
  } else {
    if (total !== 8) return undefined;
    groups = left;
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  bytes.push(...tail);
  return bytes.length === 16 ? { family: "IPv6", bytes } : undefined;
}

export function parseIP(text: string): ParsedIP | undefined {
  return text.includes(":") ? parseIPv6(text) : parseIPv4(text);
}

/** `::ffff:a.b.c.d`: Go prints these as plain IPv4, so they silently change family; kprc rejects them. */
export function isIPv4Mapped(ip: ParsedIP): boolean {
  return ip.family === "IPv6" && ip.bytes.slice(0, 10).every((b) => b === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff;
}

export function formatIP(ip: ParsedIP): string {
  if (ip.family === "IPv4") return ip.bytes.join(".");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  // RFC 5952: the longest run of two or more zero groups becomes `::`, the first one on a tie.
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
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

export function parseCIDR(text: string): ParsedCIDR | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIP(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (ip === undefined || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = ip.bytes.length * 8;
  if (prefix > bits) return undefined;
  const bytes = ip.bytes.map((b, i) => {
    const keep = Math.min(8, Math.max(0, prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  return { ip: { family: ip.family, bytes }, prefix };
}

export function formatCIDR(cidr: ParsedCIDR): string {
  return `${formatIP(cidr.ip)}/${cidr.prefix}`;
}

/** Whether `ip` lies inside `cidr` (same family, network bits equal). */
export function cidrContains(cidr: ParsedCIDR, ip: ParsedIP): boolean {
  if (cidr.ip.family !== ip.family) return false;
  const masked = parseCIDR(`${formatIP(ip)}/${cidr.prefix}`);
  return masked !== undefined && formatIP(masked.ip) === formatIP(cidr.ip);
}

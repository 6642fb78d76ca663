import { isIP } from "node:net";
import type { KubeObject } from "../support/arbitraries.js";

// Addresses as people (and old clusters) write them: IPv6 upper-case and fully expanded, IPv4 with
// leading zeros (which kube-proxy's sloppy parser reads as decimal). kprc must normalise them the way
// kube-proxy does, so the rules are the same as for the canonical spelling.

function expandIPv6(ip: string): string {
  const [head, tail] = ip.split("::") as [string, string | undefined];
  const h = head === "" ? [] : head.split(":");
  const t = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return groups.map((g) => g.padStart(4, "0")).join(":").toUpperCase();
}

const padIPv4 = (ip: string): string => ip.split(".").map((o) => o.padStart(3, "0")).join(".");

export function nonCanonicalAddress(text: string): string {
  const [ip, len] = text.split("/");
  if (ip === undefined || isIP(ip) === 0 || (len !== undefined && !/^\d+$/.test(len))) return text;
  const spelled = isIP(ip) === 6 ? expandIPv6(ip) : padIPv4(ip);
  return len === undefined ? spelled : `${spelled}/${len}`;
}

/** A deep copy with every IP and CIDR string spelled non-canonically. */
export function withNonCanonicalAddresses(objects: readonly KubeObject[]): KubeObject[] {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return nonCanonicalAddress(v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return objects.map((o) => walk(o) as KubeObject);
}

import { z } from "zod";
import type { IPFamily } from "../model/snapshot.js";
import type { Protocol } from "../model/ruleset.js";
import { formatCIDR, formatIP, isIPv4Mapped, parseCIDR, parseIP } from "../model/ip.js";
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isIanaSvcName, isLabelValue } from "./k8s-names.js";

// Leaf schemas for the fields kprc reads, each with the message a user sees after the value:
// `spec.ports[0].port: 70000 is not a port (1–65535)`. Values come out normalised (canonical IP
// strings, masked CIDRs, lower-case protocols) so the compiler never parses them again.

/** A leaf whose check and message are ours, not zod's defaults. */
function leaf<T>(expected: string, parse: (value: unknown) => T | undefined) {
  return z.unknown().transform((value, ctx): T => {
    const result = parse(value);
    if (result === undefined) {
      ctx.addIssue({ code: "custom", message: expected, input: value });
      return z.NEVER;
    }
    return result;
  });
}

const asString = (check: (s: string) => boolean) => (v: unknown) => (typeof v === "string" && check(v) ? v : undefined);

export const anyString = leaf("is not a string", asString(() => true));
export const serviceName = leaf("is not a valid Service name (a DNS-1035 label: lower-case letters, digits and '-', starting with a letter, at most 63 characters)", asString(isDNS1035Label));
export const namespaceName = leaf("is not a valid namespace (a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters)", asString(isDNS1123Label));
export const subdomainName = leaf("is not a valid name (a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters)", asString(isDNS1123Subdomain));
export const portName = leaf("is not a valid port name (a DNS-1123 label, at most 63 characters)", asString((s) => s === "" || isDNS1123Label(s)));
export const labelValue = leaf("is not a valid label value (at most 63 letters, digits, '-', '_' or '.')", asString(isLabelValue));
export const boolean = leaf("is not true or false", (v) => (typeof v === "boolean" ? v : undefined));

export function isPortNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 65535;
}

export const port = leaf("is not a port (1–65535)", (v) => (isPortNumber(v) ? v : undefined));
/** nodePort / healthCheckNodePort: 0 means "none", as in the API. */
export const optionalPort = leaf("is not a port (1–65535, or 0 for none)", (v) =>
  v === 0 ? null : isPortNumber(v) ? v : undefined,
).transform((v) => v ?? undefined);

export const targetPort = leaf("is not a port (1–65535) or a port name (IANA_SVC_NAME: at most 15 lower-case letters, digits and '-', with a letter)", (v) =>
  isPortNumber(v) ? v : typeof v === "string" && isIanaSvcName(v) ? v : undefined,
);

export const protocol = leaf("is not a protocol (TCP, UDP or SCTP)", (v): Protocol | undefined =>
  v === "TCP" ? "tcp" : v === "UDP" ? "udp" : v === "SCTP" ? "sctp" : undefined,
);

export function oneOf<const T extends readonly string[]>(values: T) {
  return leaf(`is not one of ${values.join(", ")}`, (v) => (typeof v === "string" && values.includes(v) ? (v as T[number]) : undefined));
}

export function integerIn(min: number, max: number) {
  return leaf(`is not a whole number in ${min}–${max}`, (v) => (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : undefined));
}

function ipLeaf(family: IPFamily | undefined) {
  const what = family === undefined ? "an IP address" : `an ${family} address`;
  return z.unknown().transform((value, ctx): string => {
    const ip = typeof value === "string" ? parseIP(value) : undefined;
    let problem: string | undefined;
    if (ip === undefined) problem = `is not ${what}`;
    else if (isIPv4Mapped(ip)) problem = "is an IPv4-mapped IPv6 address (write the plain IPv4 address)";
    else if (family !== undefined && ip.family !== family) problem = `is not ${what} (it is ${ip.family})`;
    if (problem !== undefined || ip === undefined) {
      ctx.addIssue({ code: "custom", message: problem ?? `is not ${what}`, input: value });
      return z.NEVER;
    }
    return formatIP(ip);
  });
}

export const ipAddress = ipLeaf(undefined);
export const ipv4Address = ipLeaf("IPv4");
export const ipv6Address = ipLeaf("IPv6");

/** kube-proxy trims source ranges and prints them as the masked network (`10.0.0.7/8` → `10.0.0.0/8`). */
export const cidr = z.unknown().transform((value, ctx): string => {
  const parsed = typeof value === "string" ? parseCIDR(value.trim()) : undefined;
  if (parsed === undefined || isIPv4Mapped(parsed.ip)) {
    ctx.addIssue({ code: "custom", message: "is not a CIDR (like 10.0.0.0/8 or fd00::/64)", input: value });
    return z.NEVER;
  }
  return formatCIDR(parsed);
});

/** The family of an already-normalised IP string. */
export function familyOf(ip: string): IPFamily {
  return ip.includes(":") ? "IPv6" : "IPv4";
}

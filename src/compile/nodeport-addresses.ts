import type { ProxyConfig } from "../model/config.js";
import type { Family } from "../model/ruleset.js";
import { cidrContains, parseCIDR, parseIP, type ParsedCIDR } from "./ip.js";
import type { NodeInfo } from "./node-info.js";

// `--nodeport-addresses`, resolved as kube-proxy's NodePortAddresses: CIDRs filtered to the family
// (`primary` becomes this node's primary IP), and an empty result means "every local address".

export interface NodePortAddresses {
  /** No usable CIDR of this family was given: node ports answer on every local address. */
  readonly matchAll: boolean;
  readonly cidrs: readonly ParsedCIDR[];
  /** Some CIDR is an IPv4 loopback address or contains 127.0.0.0 (`0.0.0.0/0` counts). */
  readonly containsIPv4Loopback: boolean;
}

const loopbackNet = parseCIDR("127.0.0.0/8");
const loopbackZero = parseIP("127.0.0.0");

function resolveEntry(entry: string, family: Family, node: NodeInfo): ParsedCIDR | undefined {
  if (entry === "primary") {
    const ip = node.ips[0];
    return ip === undefined ? undefined : parseCIDR(`${ip}/${family === "ipv4" ? 32 : 128}`);
  }
  const cidr = parseCIDR(entry);
  return cidr !== undefined && cidr.family === family ? cidr : undefined;
}

export function nodePortAddresses(config: ProxyConfig, node: NodeInfo): NodePortAddresses {
  const entries = config.nodePortAddresses.flatMap((e) => {
    const cidr = resolveEntry(e, config.family, node);
    return cidr === undefined ? [] : [{ raw: e.trim(), cidr }];
  });
  const zero = config.family === "ipv4" ? "0.0.0.0/0" : "::/0";
  const effective = entries.length > 0 ? entries : [{ raw: zero, cidr: parseCIDR(zero) }].filter((e) => e.cidr !== undefined);
  const cidrs: ParsedCIDR[] = [];
  let containsIPv4Loopback = false;
  let matchAll = false;
  for (const { raw, cidr } of effective) {
    if (cidr === undefined) continue;
    if (cidr.family === "ipv4" && ((cidr.network >> 24n) === 127n || (loopbackZero !== undefined && cidrContains(cidr, loopbackZero)))) containsIPv4Loopback = true;
    // Like kube-proxy, only the literal zero CIDR means "every address", and it ends the list.
    if (raw === "0.0.0.0/0" || raw === "::/0") {
      cidrs.splice(0, cidrs.length, cidr);
      matchAll = true;
      break;
    }
    cidrs.push(cidr);
  }
  return { matchAll, cidrs, containsIPv4Loopback };
}

/**
 * kube-proxy's localhost node ports: IPv4 only, and only when nodePortAddresses includes an IPv4
 * loopback address (the default "all" does).
 */
export function localhostNodePortsEnabled(config: ProxyConfig, addresses: NodePortAddresses): boolean {
  return config.family === "ipv4" && config.localhostNodePorts && addresses.containsIPv4Loopback;
}

/**
 * The local addresses that take node ports when nodePortAddresses is restricted. kube-proxy reads
 * the host's interfaces; kprc knows the node IPs and the loopback address, and skips loopback
 * unless localhost node ports are on (IPv6 never has them).
 */
export function nodePortIPs(addresses: NodePortAddresses, node: NodeInfo, family: Family, localhost: boolean): string[] {
  const loopback = family === "ipv4" ? "127.0.0.1" : "::1";
  const candidates = [...node.ips, loopback];
  const chosen = new Set<string>();
  for (const text of candidates) {
    const ip = parseIP(text);
    if (ip === undefined || ip.family !== family) continue;
    const isLoopback = text === loopback || (family === "ipv4" && loopbackNet !== undefined && cidrContains(loopbackNet, ip));
    if (isLoopback && !localhost) continue;
    if (addresses.cidrs.some((c) => cidrContains(c, ip))) chosen.add(ip.text);
  }
  return [...chosen].sort();
}

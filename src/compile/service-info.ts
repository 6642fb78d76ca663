import type { Family } from "../model/ruleset.js";
import type { Service } from "../model/snapshot.js";
import { apiFamily, ipOfFamily, parseCIDR } from "./ip.js";

// The per-family view of a Service that kube-proxy's serviceport.go builds once per service:
// its cluster IP, external IPs, load-balancer IPs and source ranges of the proxier's family.

export interface ServiceFamilyInfo {
  readonly clusterIP: string;
  readonly externalIPs: readonly string[];
  readonly loadBalancerIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
}

/** The cluster IP of this family: `clusterIPs[i]` where `ipFamilies[i]` matches, else the first IP's family. */
function clusterIPOfFamily(service: Service, family: Family): string | undefined {
  const first = service.clusterIPs[0];
  if (first === undefined || first === "" || first === "None") return undefined;
  if (service.ipFamilies.length > 0) {
    const index = service.ipFamilies.indexOf(apiFamily(family));
    const ip = index >= 0 ? service.clusterIPs[index] : undefined;
    return ip === undefined ? undefined : ipOfFamily(ip, family);
  }
  return ipOfFamily(first, family);
}

function familyIPs(values: readonly string[], family: Family): string[] {
  return values.flatMap((v) => {
    const ip = ipOfFamily(v, family);
    return ip === undefined ? [] : [ip];
  });
}

/**
 * loadBalancerSourceRanges of this family, masked to their networks. A zero-prefix range
 * (0.0.0.0/0, ::/0) means "allow everyone", which since kube-proxy v1.34 (PR #132722) empties
 * the whole list, so no KUBE-FW chain is written.
 */
function sourceRangesOfFamily(ranges: readonly string[], family: Family): string[] {
  const parsed = ranges.flatMap((r) => {
    const cidr = parseCIDR(r);
    return cidr && cidr.family === family ? [cidr] : [];
  });
  if (parsed.some((c) => c.prefix === 0)) return [];
  return parsed.map((c) => c.text);
}

/** The family view of a service, or undefined when kube-proxy skips it (headless, ExternalName, no IP of this family). */
export function serviceFamilyInfo(service: Service, family: Family): ServiceFamilyInfo | undefined {
  if (service.type === "ExternalName") return undefined;
  const clusterIP = clusterIPOfFamily(service, family);
  if (clusterIP === undefined) return undefined;
  // kube-proxy skips ingress entries without an IP and those with ipMode Proxy (nil counts as VIP).
  const vipIngress = service.loadBalancerIngress.filter((i) => i.ip !== undefined && i.ip !== "" && (i.ipMode ?? "VIP") === "VIP");
  return {
    clusterIP,
    externalIPs: familyIPs(service.externalIPs, family),
    loadBalancerIPs: familyIPs(vipIngress.map((i) => i.ip ?? ""), family),
    loadBalancerSourceRanges: sourceRangesOfFamily(service.loadBalancerSourceRanges, family),
  };
}

import { z } from "zod";
import type { Node } from "../../model/snapshot.js";
import { anyString, cidr, ipAddress, subdomainName } from "../fields.js";

// v1 Node: kprc reads its name, its addresses (InternalIP/ExternalIP give the node IPs) and its
// labels (`topology.kubernetes.io/zone`) and pod CIDRs (`--detect-local-mode NodeCIDR`).

const ipAddressTypes = new Set(["InternalIP", "ExternalIP"]);

export const nodeSchema = z
  .object({
    metadata: z.object({ name: subdomainName, labels: z.record(z.string(), z.unknown()).optional() }),
    spec: z.object({ podCIDR: cidr.optional(), podCIDRs: z.array(cidr).max(2).optional() }).optional(),
    status: z.object({ addresses: z.array(z.object({ type: anyString, address: anyString })).optional() }).optional(),
  })
  .superRefine((node, ctx) => {
    (node.status?.addresses ?? []).forEach((a, i) => {
      if (ipAddressTypes.has(a.type) && !ipAddress.safeParse(a.address).success) {
        ctx.addIssue({ code: "custom", path: ["status", "addresses", i, "address"], input: a.address, message: `is not an IP address (type is ${a.type})` });
      }
    });
  });

export function toNode(raw: z.infer<typeof nodeSchema>): Node {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw.metadata.labels ?? {})) {
    if (typeof value === "string") labels[key] = value;
  }
  return {
    name: raw.metadata.name,
    addresses: (raw.status?.addresses ?? []).map((a) => ({
      type: a.type,
      address: ipAddressTypes.has(a.type) ? ipAddress.parse(a.address) : a.address,
    })),
    labels,
    ...podCIDRs(raw.spec),
  };
}

function podCIDRs(spec: { podCIDR?: string | undefined; podCIDRs?: string[] | undefined } | undefined): { podCIDRs?: string[] } {
  const cidrs = spec?.podCIDRs !== undefined && spec.podCIDRs.length > 0 ? spec.podCIDRs : spec?.podCIDR !== undefined ? [spec.podCIDR] : [];
  return cidrs.length > 0 ? { podCIDRs: cidrs } : {};
}

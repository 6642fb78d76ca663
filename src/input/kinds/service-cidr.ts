import { z } from "zod";
import { cidr, subdomainName } from "../fields.js";

// networking.k8s.io ServiceCIDR: the ranges cluster IPs are allocated from. kube-proxy's nftables
// mode reads them to drop traffic to unallocated cluster IPs.

export const serviceCIDRSchema = z.object({
  metadata: z.object({ name: subdomainName }),
  spec: z.object({ cidrs: z.array(cidr).max(2).optional() }).optional(),
});

export function serviceCIDRsOf(raw: z.infer<typeof serviceCIDRSchema>): string[] {
  return raw.spec?.cidrs ?? [];
}

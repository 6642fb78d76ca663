import type { ProxyConfig } from "../../model/config.js";
import type { Ruleset } from "../../model/ruleset.js";
import type { Snapshot } from "../../model/snapshot.js";
import { localDetector } from "../detect-local.js";
import { parseCIDR } from "../ip.js";
import { nodeInfo } from "../node-info.js";
import { nodePortAddresses, nodePortIPs } from "../nodeport-addresses.js";
import type { ServicePortPlan } from "../plan.js";
import { planServicePorts } from "../plan-service-ports.js";
import { KubeProxyTableBuilder } from "./builder.js";
import { writeFixed } from "./fixed.js";
import { writeServicePort } from "./service-port.js";

// compileNftKube(snapshot, config) → Ruleset: the table kube-proxy's nftables mode (v1.34 layout)
// would hold for this node and family, `ip kube-proxy` / `ip6 kube-proxy`. Endpoint selection and
// traffic policy come from the same plans as the iptables layout; only the nftables shape is here.

export function compileNftKube(snapshot: Snapshot, config: ProxyConfig): Ruleset {
  return nftKubeFromPlans(planServicePorts(snapshot, config), snapshot, config);
}

/** The table for given plans; exported so tests can feed plans without a snapshot round trip. */
export function nftKubeFromPlans(plans: readonly ServicePortPlan[], snapshot: Snapshot, config: ProxyConfig): Ruleset {
  const node = nodeInfo(snapshot, config);
  const addresses = nodePortAddresses(config, node);
  const t = new KubeProxyTableBuilder();
  writeFixed(t, {
    family: config.family,
    mark: 2 ** config.masqueradeBit,
    serviceCIDRs: (config.serviceCIDRs ?? []).flatMap((c) => {
      const cidr = parseCIDR(c);
      return cidr !== undefined && cidr.family === config.family ? [cidr.text] : [];
    }),
    nodePortsMatchAll: addresses.matchAll,
    // nftables mode never serves node ports on loopback addresses.
    nodePortIPs: nodePortIPs(addresses, node, config.family, false),
  });
  const settings = {
    family: config.family,
    masqueradeAll: config.masqueradeAll,
    detector: localDetector(config.detectLocal, config.family),
    ...(node.ips[0] !== undefined ? { nodeIP: node.ips[0] } : {}),
  };
  for (const plan of plans) writeServicePort(t, plan, settings);
  return { family: config.family, tables: [t.build("rules for kube-proxy")] };
}

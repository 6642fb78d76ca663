import type { ProxyConfig } from "../model/config.js";
import type { Ruleset } from "../model/ruleset.js";
import type { Snapshot } from "../model/snapshot.js";
import { writeBuiltinJumps } from "./builtin-jumps.js";
import { serviceChains } from "./chain-names.js";
import { writeClusterIPCapture, writeClusterIPMasquerade } from "./clusterip.js";
import type { CompileContext, PortUnit } from "./context.js";
import { localDetector } from "./detect-local.js";
import { writeEndpointChains } from "./endpoint-chains.js";
import { writeExternalChain } from "./external-chain.js";
import { writeExternalIPs } from "./externalip.js";
import { declareFixedChains, writeForwardChain, writeLocalnetFirewall, writeMasqueradeChains } from "./fixed-chains.js";
import { writeHealthCheckNodePort } from "./health-check.js";
import { writeFirewallChain, writeLoadBalancerIPs } from "./loadbalancer.js";
import { nodeInfo } from "./node-info.js";
import { localhostNodePortsEnabled, nodePortAddresses } from "./nodeport-addresses.js";
import { writeNodePort, writeNodePortsJump } from "./nodeport.js";
import { planServicePorts } from "./plan-service-ports.js";
import type { ServicePortPlan } from "./plan.js";
import { TableBuilder } from "./table-builder.js";

// compile(snapshot, config) → Ruleset: kube-proxy's iptables-mode rules for one node and family.
// Orchestration only; each feature lives in its own module. Pure and deterministic.

function createContext(snapshot: Snapshot, config: ProxyConfig, plans: readonly ServicePortPlan[]): CompileContext {
  const node = nodeInfo(snapshot, config);
  const addresses = nodePortAddresses(config, node);
  return {
    config,
    family: config.family,
    mark: 2 ** config.masqueradeBit,
    detector: localDetector(config.detectLocal, config.family),
    // kube-proxy counts every endpoint of every service port it proxies, whatever its conditions.
    largeCluster: plans.reduce((n, p) => n + p.endpointCount, 0) > config.largeClusterEndpointsThreshold,
    node,
    nodePortAddresses: addresses,
    localhostNodePorts: localhostNodePortsEnabled(config, addresses),
    filter: new TableBuilder("filter"),
    nat: new TableBuilder("nat"),
  };
}

/** kube-proxy's "Part A": entry rules in the shared chains, rewritten on every sync. */
function writeEntryRules(unit: PortUnit, ctx: CompileContext): void {
  writeClusterIPCapture(unit, ctx);
  writeExternalIPs(unit, ctx);
  writeLoadBalancerIPs(unit, ctx);
  writeNodePort(unit, ctx);
  writeHealthCheckNodePort(unit, ctx);
}

/** kube-proxy's "Part B": the service port's own chains. */
function writeServiceChains(unit: PortUnit, ctx: CompileContext): void {
  writeClusterIPMasquerade(unit, ctx);
  writeExternalChain(unit, ctx);
  writeFirewallChain(unit, ctx);
  writeEndpointChains(unit, ctx);
}

export function compile(snapshot: Snapshot, config: ProxyConfig): Ruleset {
  const plans = planServicePorts(snapshot, config);
  const ctx = createContext(snapshot, config, plans);
  declareFixedChains(ctx);
  writeMasqueradeChains(ctx);
  writeLocalnetFirewall(ctx);
  for (const plan of plans) {
    const unit: PortUnit = { plan, chains: serviceChains(plan.servicePortName, plan.protocol) };
    writeEntryRules(unit, ctx);
    writeServiceChains(unit, ctx);
  }
  writeForwardChain(ctx);
  writeNodePortsJump(ctx);
  writeBuiltinJumps(ctx);
  return { family: config.family, tables: [ctx.filter.build(), ctx.nat.build()] };
}

export { planServicePorts } from "./plan-service-ports.js";
export type { ServicePortPlan, PlannedEndpoint } from "./plan.js";

import type { ProxyConfig } from "../model/config.js";
import type { Family, Match, Target } from "../model/ruleset.js";
import type { LocalDetector } from "./detect-local.js";
import type { NodeInfo } from "./node-info.js";
import type { NodePortAddresses } from "./nodeport-addresses.js";
import type { ServicePortPlan } from "./plan.js";
import type { TableBuilder } from "./table-builder.js";
import type { ServiceChains } from "./chain-names.js";
import { comment, dport, dst, protocol, verdict } from "./rule-parts.js";

// Everything the feature modules share while one ruleset is compiled: the settings resolved once,
// and the two tables being filled.

export interface CompileContext {
  readonly config: ProxyConfig;
  readonly family: Family;
  /** The masquerade mark value, `1 << masqueradeBit`. */
  readonly mark: number;
  readonly detector: LocalDetector;
  /** Above largeClusterEndpointsThreshold kube-proxy drops per-endpoint comments. */
  readonly largeCluster: boolean;
  readonly node: NodeInfo;
  readonly nodePortAddresses: NodePortAddresses;
  readonly localhostNodePorts: boolean;
  readonly filter: TableBuilder;
  readonly nat: TableBuilder;
}

/** One service port being written: its plan and its chain names. */
export interface PortUnit {
  readonly plan: ServicePortPlan;
  readonly chains: ServiceChains;
}

/** `<comment> -m P -p P -d <ip> --dport <port>`: the VIP part kube-proxy repeats in many rules. */
export function vipMatches(unit: PortUnit, text: string, ip: string, port: number): Match[] {
  return [comment(text), protocol(unit.plan.protocol), dst(ip), dport(port)];
}

export interface FilterVerdict {
  readonly comment: string;
  readonly target: Target;
}

/**
 * The filter-table rule for traffic that cannot be served: REJECT when the service port has no
 * endpoints at all, DROP when it has some but the traffic policy (Local) leaves none for this traffic.
 */
function unservedVerdict(plan: ServicePortPlan, served: boolean): FilterVerdict | undefined {
  if (!plan.hasEndpoints) return { comment: `${plan.servicePortName} has no endpoints`, target: verdict("REJECT") };
  if (!served) return { comment: `${plan.servicePortName} has no local endpoints`, target: verdict("DROP") };
  return undefined;
}

/** For internal traffic (the cluster IP), under internalTrafficPolicy. */
export function internalFilterVerdict(plan: ServicePortPlan): FilterVerdict | undefined {
  return unservedVerdict(plan, plan.hasInternal);
}

/** For external traffic (node ports, external IPs, LB IPs), under externalTrafficPolicy. */
export function externalFilterVerdict(plan: ServicePortPlan): FilterVerdict | undefined {
  return unservedVerdict(plan, plan.hasExternal);
}

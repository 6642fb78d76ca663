import { FixedChain } from "../model/names.js";
import { internalFilterVerdict, vipMatches, type CompileContext, type PortUnit } from "./context.js";
import { jump, rule } from "./rule-parts.js";

// The cluster IP: captured in nat KUBE-SERVICES towards the internal-policy chain (KUBE-SVL with
// internalTrafficPolicy Local, else KUBE-SVC), or rejected/dropped in filter KUBE-SERVICES.

function internalChain(unit: PortUnit) {
  return unit.plan.internalPolicyLocal ? unit.chains.svl : unit.chains.svc;
}

/** kube-proxy step "capture clusterIP". */
export function writeClusterIPCapture(unit: PortUnit, ctx: CompileContext): void {
  const { plan } = unit;
  const blocked = internalFilterVerdict(plan);
  if (blocked === undefined) {
    ctx.nat.add(FixedChain.services, rule(vipMatches(unit, `${plan.servicePortName} cluster IP`, plan.clusterIP, plan.port.port), jump(internalChain(unit))));
  } else {
    ctx.filter.add(FixedChain.services, rule(vipMatches(unit, blocked.comment, plan.clusterIP, plan.port.port), blocked.target));
  }
}

/**
 * The masquerade rule at the top of the internal chain: everything with masqueradeAll, else
 * traffic not from a local pod; the no-op detector writes none (kube-proxy's default).
 */
export function writeClusterIPMasquerade(unit: PortUnit, ctx: CompileContext): void {
  const { plan } = unit;
  if (!plan.hasInternal) return;
  const matches = vipMatches(unit, `${plan.servicePortName} cluster IP`, plan.clusterIP, plan.port.port);
  if (ctx.config.masqueradeAll) {
    ctx.nat.add(internalChain(unit), rule(matches, jump(FixedChain.markMasq)));
  } else if (ctx.detector.ifNotLocal !== undefined) {
    ctx.nat.add(internalChain(unit), rule([...matches, ctx.detector.ifNotLocal], jump(FixedChain.markMasq)));
  }
}

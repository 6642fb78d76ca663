import { FixedChain } from "../model/names.js";
import { externalFilterVerdict, vipMatches, type CompileContext, type PortUnit } from "./context.js";
import { jump, rule } from "./rule-parts.js";

// spec.externalIPs: captured towards KUBE-EXT (not KUBE-SVC), in spec order; rejected or dropped in
// filter KUBE-EXTERNAL-SERVICES when there are no (local) endpoints for external traffic.

export function writeExternalIPs(unit: PortUnit, ctx: CompileContext): void {
  const { plan } = unit;
  const blocked = externalFilterVerdict(plan);
  for (const ip of plan.externalIPs) {
    if (plan.hasEndpoints) {
      ctx.nat.add(FixedChain.services, rule(vipMatches(unit, `${plan.servicePortName} external IP`, ip, plan.port.port), jump(unit.chains.ext)));
    }
    if (blocked !== undefined) {
      ctx.filter.add(FixedChain.externalServices, rule(vipMatches(unit, blocked.comment, ip, plan.port.port), blocked.target));
    }
  }
}

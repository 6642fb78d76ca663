import { FixedChain } from "../model/names.js";
import type { CompileContext, PortUnit } from "./context.js";
import { comment, jump, rule, srcTypeLocal } from "./rule-parts.js";

// KUBE-EXT: where node ports, external IPs and LB IPs land. With externalTrafficPolicy Cluster it
// masquerades everything and goes to KUBE-SVC. With Local, traffic from pods and from the node
// itself short-circuits to KUBE-SVC (node traffic masqueraded), and the rest goes to KUBE-SVL with
// its source kept; with no local endpoints the final jump is left out (filter drops the traffic).

export function writeExternalChain(unit: PortUnit, ctx: CompileContext): void {
  const { plan, chains } = unit;
  if (!plan.usesExternalChain) return;
  const spn = plan.servicePortName;
  ctx.nat.declare(chains.ext);
  if (!plan.externalPolicyLocal) {
    ctx.nat.add(chains.ext, rule([comment(`masquerade traffic for ${spn} external destinations`)], jump(FixedChain.markMasq)));
  } else {
    if (ctx.detector.ifLocal !== undefined) {
      ctx.nat.add(chains.ext, rule([comment(`pod traffic for ${spn} external destinations`), ctx.detector.ifLocal], jump(chains.svc)));
    }
    ctx.nat.add(chains.ext, rule([comment(`masquerade LOCAL traffic for ${spn} external destinations`), srcTypeLocal()], jump(FixedChain.markMasq)));
    ctx.nat.add(chains.ext, rule([comment(`route LOCAL traffic for ${spn} external destinations`), srcTypeLocal()], jump(chains.svc)));
  }
  if (plan.hasExternal) ctx.nat.add(chains.ext, rule([], jump(plan.externalPolicyLocal ? chains.svl : chains.svc)));
}

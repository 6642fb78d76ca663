import { FixedChain } from "../model/names.js";
import type { CompileContext, PortUnit } from "./context.js";
import { comment, dport, protocol, rule, verdict } from "./rule-parts.js";

// The health-check node port of a LoadBalancer service with externalTrafficPolicy Local: accepted
// in filter KUBE-NODEPORTS, always over TCP, whether or not there are local endpoints.

export function writeHealthCheckNodePort(unit: PortUnit, ctx: CompileContext): void {
  const { plan } = unit;
  if (plan.healthCheckNodePort === undefined) return;
  ctx.filter.add(
    FixedChain.nodePorts,
    rule([comment(`${plan.servicePortName} health check node port`), protocol("tcp"), dport(plan.healthCheckNodePort)], verdict("ACCEPT")),
  );
}

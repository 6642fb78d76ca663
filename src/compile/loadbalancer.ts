import { FixedChain } from "../model/names.js";
import { externalFilterVerdict, vipMatches, type CompileContext, type PortUnit } from "./context.js";
import { comment, jump, rule, src, verdict } from "./rule-parts.js";

// Load-balancer ingress IPs (ipMode Proxy already left out by the plan). With
// loadBalancerSourceRanges the VIP goes through KUBE-FW, which lets the allowed sources on to
// KUBE-EXT and lets everything else fall through un-DNATed, to be dropped by filter
// KUBE-PROXY-FIREWALL. When the node itself is in a range, the LB IPs are allowed as sources too
// (hairpin traffic through the load balancer arrives with the LB IP as source).

/** Captures in nat KUBE-SERVICES, KUBE-PROXY-FIREWALL drops, and KUBE-EXTERNAL-SERVICES rejects. */
export function writeLoadBalancerIPs(unit: PortUnit, ctx: CompileContext): void {
  const { plan, chains } = unit;
  const target = plan.usesFirewallChain ? chains.fw : chains.ext;
  for (const ip of plan.loadBalancerIPs) {
    if (plan.hasEndpoints) {
      ctx.nat.add(FixedChain.services, rule(vipMatches(unit, `${plan.servicePortName} loadbalancer IP`, ip, plan.port.port), jump(target)));
    }
    if (plan.usesFirewallChain) {
      const text = `${plan.servicePortName} traffic not accepted by ${chains.fw}`;
      ctx.filter.add(FixedChain.proxyFirewall, rule(vipMatches(unit, text, ip, plan.port.port), verdict("DROP")));
    }
  }
  const blocked = externalFilterVerdict(plan);
  if (blocked === undefined) return;
  for (const ip of plan.loadBalancerIPs) {
    ctx.filter.add(FixedChain.externalServices, rule(vipMatches(unit, blocked.comment, ip, plan.port.port), blocked.target));
  }
}

/** The KUBE-FW chain: allowed source ranges (then LB IPs when the node is in a range) go on to KUBE-EXT. */
export function writeFirewallChain(unit: PortUnit, ctx: CompileContext): void {
  const { plan, chains } = unit;
  if (!plan.usesFirewallChain) return;
  const text = `${plan.servicePortName} loadbalancer IP`;
  ctx.nat.declare(chains.fw);
  for (const cidr of plan.loadBalancerSourceRanges) ctx.nat.add(chains.fw, rule([comment(text), src(cidr)], jump(chains.ext)));
  if (plan.allowLoadBalancerIPSources) {
    for (const ip of plan.loadBalancerIPs) ctx.nat.add(chains.fw, rule([comment(text), src(ip)], jump(chains.ext)));
  }
  // No target: the packet falls through un-DNATed and filter KUBE-PROXY-FIREWALL drops it.
  ctx.nat.add(chains.fw, rule([comment(`other traffic to ${plan.servicePortName} will be dropped by KUBE-PROXY-FIREWALL`)]));
}

import { FixedChain } from "../model/names.js";
import { externalFilterVerdict, type CompileContext, type PortUnit } from "./context.js";
import { nodePortIPs } from "./nodeport-addresses.js";
import { comment, dport, dst, dstTypeLocal, jump, nfacct, protocol, rule } from "./rule-parts.js";

// Node ports: nat KUBE-NODEPORTS sends them to KUBE-EXT; it is reached only from the last rule of
// KUBE-SERVICES (addrtype LOCAL, or one rule per node IP with --nodeport-addresses). Localhost node
// ports (IPv4, the default) get an extra counted rule for 127.0.0.0/8.

const localhostCounter = "localhost_nps_accepted_pkts";

export function writeNodePort(unit: PortUnit, ctx: CompileContext): void {
  const { plan, chains } = unit;
  const nodePort = plan.nodePort;
  if (nodePort === undefined) return;
  if (plan.hasEndpoints) {
    if (ctx.localhostNodePorts && ctx.config.nfacct) {
      ctx.nat.add(
        FixedChain.nodePorts,
        rule([comment(plan.servicePortName), protocol(plan.protocol), dst("127.0.0.0/8"), dport(nodePort), nfacct(localhostCounter)], jump(chains.ext)),
      );
    }
    ctx.nat.add(FixedChain.nodePorts, rule([comment(plan.servicePortName), protocol(plan.protocol), dport(nodePort)], jump(chains.ext)));
  }
  const blocked = externalFilterVerdict(plan);
  if (blocked !== undefined) {
    ctx.filter.add(FixedChain.externalServices, rule([comment(blocked.comment), dstTypeLocal(), protocol(plan.protocol), dport(nodePort)], blocked.target));
  }
}

const lastRuleComment = "kubernetes service nodeports; NOTE: this must be the last rule in this chain";

/** The final KUBE-SERVICES rule that hands locally-addressed traffic to KUBE-NODEPORTS. */
export function writeNodePortsJump(ctx: CompileContext): void {
  const addresses = ctx.nodePortAddresses;
  if (addresses.matchAll) {
    const matches = [comment(lastRuleComment), dstTypeLocal()];
    // Without localhost node ports, loopback destinations are excluded (always for IPv6).
    if (ctx.family === "ipv6") matches.push(dst("::1/128", true));
    else if (!ctx.localhostNodePorts) matches.push(dst("127.0.0.0/8", true));
    ctx.nat.add(FixedChain.services, rule(matches, jump(FixedChain.nodePorts)));
    return;
  }
  for (const ip of nodePortIPs(addresses, ctx.node, ctx.family, ctx.localhostNodePorts)) {
    ctx.nat.add(FixedChain.services, rule([comment(lastRuleComment), dst(ip)], jump(FixedChain.nodePorts)));
  }
}

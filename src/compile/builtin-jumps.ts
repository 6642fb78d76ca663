import { BuiltinChain, FixedChain, type ChainName } from "../model/names.js";
import type { Match } from "../model/ruleset.js";
import type { CompileContext } from "./context.js";
import type { TableBuilder } from "./table-builder.js";
import { comment, ctstate, jump, rule } from "./rule-parts.js";

// The jumps from netfilter's built-in chains into kube-proxy's chains. kube-proxy does not put
// them in its restore payload: on a full sync it runs `iptables -C`/`iptables -I` once per jump,
// prepending each, so a fresh node ends up with them in the reverse of that call order, ahead of
// anything else in the chain. kprc writes them into the payload instead (config.builtinJumps, on by
// default), declaring the built-in chains (`:INPUT ACCEPT [0:0]`, Chain.builtin) so one file loaded
// with plain `iptables-restore` gives a working proxy in an empty network namespace. Such a payload
// replaces whole tables; to load on top of other rules with `--noflush`, turn builtinJumps off and
// install the jumps the way kube-proxy does.

interface BuiltinJump {
  readonly table: "filter" | "nat";
  readonly from: ChainName;
  readonly matches: readonly Match[];
  readonly to: ChainName;
}

const newConn = (): Match => ctstate(["NEW"]);

/** kube-proxy's ensure order (its iptablesJumpChains, then kubelet's KUBE-FIREWALL jumps). */
function ensureOrder(withFirewall: boolean): BuiltinJump[] {
  const externally = [newConn(), comment("kubernetes externally-visible service portals")];
  const portals = [newConn(), comment("kubernetes service portals")];
  const lbFirewall = [newConn(), comment("kubernetes load balancer firewall")];
  const natPortals = [comment("kubernetes service portals")];
  const jumps: BuiltinJump[] = [
    { table: "filter", from: BuiltinChain.input, matches: externally, to: FixedChain.externalServices },
    { table: "filter", from: BuiltinChain.forward, matches: externally, to: FixedChain.externalServices },
    { table: "filter", from: BuiltinChain.input, matches: [comment("kubernetes health check service ports")], to: FixedChain.nodePorts },
    { table: "filter", from: BuiltinChain.forward, matches: portals, to: FixedChain.services },
    { table: "filter", from: BuiltinChain.output, matches: portals, to: FixedChain.services },
    { table: "filter", from: BuiltinChain.forward, matches: [comment("kubernetes forwarding rules")], to: FixedChain.forward },
    { table: "filter", from: BuiltinChain.input, matches: lbFirewall, to: FixedChain.proxyFirewall },
    { table: "filter", from: BuiltinChain.output, matches: lbFirewall, to: FixedChain.proxyFirewall },
    { table: "filter", from: BuiltinChain.forward, matches: lbFirewall, to: FixedChain.proxyFirewall },
    { table: "nat", from: BuiltinChain.output, matches: natPortals, to: FixedChain.services },
    { table: "nat", from: BuiltinChain.prerouting, matches: natPortals, to: FixedChain.services },
    { table: "nat", from: BuiltinChain.postrouting, matches: [comment("kubernetes postrouting rules")], to: FixedChain.postrouting },
  ];
  // kubelet's jumps to KUBE-FIREWALL: only when this payload has that chain, or the restore fails.
  if (withFirewall) {
    jumps.push(
      { table: "filter", from: BuiltinChain.input, matches: [], to: FixedChain.firewall },
      { table: "filter", from: BuiltinChain.output, matches: [], to: FixedChain.firewall },
    );
  }
  return jumps;
}

export function writeBuiltinJumps(ctx: CompileContext): void {
  if (!ctx.config.builtinJumps) return;
  const tables: Record<BuiltinJump["table"], TableBuilder> = { filter: ctx.filter, nat: ctx.nat };
  // Each `iptables -I` prepends, so the final order is the reverse of the ensure order.
  for (const j of ensureOrder(ctx.filter.has(FixedChain.firewall)).reverse()) {
    const table = tables[j.table];
    table.declare(j.from, { builtin: true });
    table.add(j.from, rule(j.matches, jump(j.to)));
  }
}

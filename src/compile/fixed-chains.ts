import { FixedChain } from "../model/names.js";
import type { CompileContext } from "./context.js";
import { comment, ctstate, dst, jump, markMatch, nfacct, rule, src, verdict } from "./rule-parts.js";

// The chains kube-proxy writes whatever the services: declarations, the masquerade machinery in
// nat, KUBE-FORWARD in filter, and the copy of kubelet's anti-martian KUBE-FIREWALL rule.

/** Declares every fixed chain, so each is flushed and rewritten even when empty. */
export function declareFixedChains(ctx: CompileContext): void {
  for (const c of [FixedChain.services, FixedChain.externalServices, FixedChain.forward, FixedChain.nodePorts, FixedChain.proxyFirewall]) ctx.filter.declare(c);
  // KUBE-FIREWALL only exists with localhost node ports (IPv4): it guards route_localnet.
  if (ctx.localhostNodePorts) ctx.filter.declare(FixedChain.firewall);
  for (const c of [FixedChain.services, FixedChain.nodePorts, FixedChain.postrouting, FixedChain.markMasq]) ctx.nat.declare(c);
}

export function writeMasqueradeChains(ctx: CompileContext): void {
  const mark = ctx.mark;
  ctx.nat.add(
    FixedChain.postrouting,
    rule([markMatch(mark, true)], verdict("RETURN")),
    // Clear the mark so a packet re-entering the stack (e.g. after IPsec) is not masqueraded twice.
    rule([], { kind: "mark", op: "xor", value: mark }),
    rule([comment("kubernetes service traffic requiring SNAT")], ctx.config.randomFully ? { kind: "masquerade", randomFully: true } : { kind: "masquerade" }),
  );
  ctx.nat.add(FixedChain.markMasq, rule([], { kind: "mark", op: "or", value: mark }));
}

export function writeLocalnetFirewall(ctx: CompileContext): void {
  if (!ctx.localhostNodePorts) return;
  ctx.filter.add(
    FixedChain.firewall,
    rule([comment("block incoming localnet connections"), dst("127.0.0.0/8"), src("127.0.0.0/8", true), ctstate(["RELATED", "ESTABLISHED", "DNAT"], true)], verdict("DROP")),
  );
}

const invalidCounter = "ct_state_invalid_dropped_pkts";

export function writeForwardChain(ctx: CompileContext): void {
  // Dropping INVALID packets protects against spurious RSTs; a liberal TCP conntrack makes it moot.
  if (!ctx.config.conntrackTcpBeLiberal) {
    ctx.filter.add(FixedChain.forward, rule(ctx.config.nfacct ? [ctstate(["INVALID"]), nfacct(invalidCounter)] : [ctstate(["INVALID"])], verdict("DROP")));
  }
  ctx.filter.add(
    FixedChain.forward,
    rule([comment("kubernetes forwarding rules"), markMatch(ctx.mark)], verdict("ACCEPT")),
    rule([comment("kubernetes forwarding conntrack rule"), ctstate(["RELATED", "ESTABLISHED"])], verdict("ACCEPT")),
  );
}

import type { ChainName } from "../model/names.js";
import { FixedChain } from "../model/names.js";
import type { Match } from "../model/ruleset.js";
import { cascadeProbabilities } from "./cascade.js";
import { endpointChain } from "./chain-names.js";
import type { CompileContext, PortUnit } from "./context.js";
import type { PlannedEndpoint } from "./plan.js";
import { comment, dnat, jump, protocol, random, recentCheck, recentSet, rule, src } from "./rule-parts.js";

// KUBE-SVC / KUBE-SVL (the random cascade over endpoints, with ClientIP affinity checks first) and
// one KUBE-SEP per reachable endpoint (hairpin masquerade + DNAT). In large-cluster mode kube-proxy
// leaves the comments out of exactly these rules, to keep the payload small.

/** `rest` is always a fresh array here, so large-cluster mode can use it as is instead of copying it. */
function withComment(ctx: CompileContext, text: string, rest: readonly Match[]): readonly Match[] {
  return ctx.largeCluster ? rest : [comment(text), ...rest];
}

/** Each endpoint's KUBE-SEP name, hashed once per service port (the cascade and the SEP chain both need it). */
type SepNames = (ep: PlannedEndpoint) => ChainName;

function sepNamer(unit: PortUnit): SepNames {
  const names = new Map<string, ChainName>();
  return (ep) => {
    let name = names.get(ep.address);
    if (name === undefined) {
      name = endpointChain(unit.plan.servicePortName, unit.plan.protocol, ep.address);
      names.set(ep.address, name);
    }
    return name;
  };
}

function writeCascade(unit: PortUnit, ctx: CompileContext, sepChain: SepNames, chain: ChainName, endpoints: readonly PlannedEndpoint[]): void {
  const { plan } = unit;
  const epComment = (ep: PlannedEndpoint): string => `${plan.servicePortName} -> ${ep.address}`;
  ctx.nat.declare(chain);
  if (plan.affinityTimeoutSeconds !== undefined) {
    for (const ep of endpoints) {
      const sep = sepChain(ep);
      ctx.nat.add(chain, rule(withComment(ctx, epComment(ep), [recentCheck(sep, plan.affinityTimeoutSeconds)]), jump(sep)));
    }
  }
  const probabilities = cascadeProbabilities(endpoints.length);
  endpoints.forEach((ep, i) => {
    const p = probabilities[i];
    ctx.nat.add(chain, rule(withComment(ctx, epComment(ep), p === undefined ? [] : [random(p)]), jump(sepChain(ep))));
  });
}

function writeEndpointChain(unit: PortUnit, ctx: CompileContext, sep: ChainName, ep: PlannedEndpoint): void {
  const { plan } = unit;
  ctx.nat.declare(sep);
  ctx.nat.add(sep, rule(withComment(ctx, plan.servicePortName, [src(ep.ip)]), jump(FixedChain.markMasq)));
  const affinity = plan.affinityTimeoutSeconds === undefined ? [] : [recentSet(sep)];
  ctx.nat.add(sep, rule(withComment(ctx, plan.servicePortName, [...affinity, protocol(plan.protocol)]), dnat(ep.ip, ep.port)));
}

export function writeEndpointChains(unit: PortUnit, ctx: CompileContext): void {
  const { plan, chains } = unit;
  const sepChain = sepNamer(unit);
  if (plan.usesClusterChain) writeCascade(unit, ctx, sepChain, chains.svc, plan.clusterEndpoints);
  if (plan.usesLocalChain) writeCascade(unit, ctx, sepChain, chains.svl, plan.localEndpoints);
  for (const ep of plan.allReachableEndpoints) writeEndpointChain(unit, ctx, sepChain(ep), ep);
}

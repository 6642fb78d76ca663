import type { ChainName } from "../model/names.js";
import type { ConntrackState, Match, Protocol, Rule, Target, Verdict } from "../model/ruleset.js";

// Small constructors for matches, targets and rules, so feature modules read like the rules they
// describe. Meaning only: the renderers decide how each is spelt.

export const comment = (text: string): Match => ({ kind: "comment", text });
export const protocol = (p: Protocol): Match => ({ kind: "protocol", protocol: p });
export const src = (cidr: string, negate = false): Match => (negate ? { kind: "saddr", cidr, negate } : { kind: "saddr", cidr });
export const dst = (cidr: string, negate = false): Match => (negate ? { kind: "daddr", cidr, negate } : { kind: "daddr", cidr });
export const dport = (port: number): Match => ({ kind: "dport", port });
export const srcTypeLocal = (): Match => ({ kind: "addrtype", side: "src", type: "LOCAL" });
export const dstTypeLocal = (): Match => ({ kind: "addrtype", side: "dst", type: "LOCAL" });
export const random = (probability: number): Match => ({ kind: "random", probability });
export const recentSet = (name: string): Match => ({ kind: "recent", name, mode: "set" });
export const recentCheck = (name: string, seconds: number): Match => ({ kind: "recent", name, mode: "rcheck", seconds, reap: true });
export const markMatch = (mark: number, negate = false): Match => (negate ? { kind: "mark", value: mark, mask: mark, negate } : { kind: "mark", value: mark, mask: mark });
export const ctstate = (states: readonly ConntrackState[], negate = false): Match => (negate ? { kind: "conntrack", states, negate } : { kind: "conntrack", states });
export const nfacct = (name: string): Match => ({ kind: "nfacct", name });

export const jump = (chain: ChainName): Target => ({ kind: "jump", chain });
export const verdict = (v: Verdict): Target => ({ kind: "verdict", verdict: v });
export const dnat = (ip: string, port: number): Target => ({ kind: "dnat", ip, port });

export function rule(matches: readonly Match[], target?: Target): Rule {
  return target === undefined ? { matches } : { matches, target };
}

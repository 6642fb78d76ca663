import type { Match, NamedSet } from "../model/ruleset.js";
import { cidrContains, isLoopback, sameAddress } from "./addresses.js";
import { kernelProbability, type Fraction } from "./fraction.js";
import type { PacketState } from "./trace-state.js";
import type { TraceOptions } from "./trace-types.js";

// Whether one match holds for a packet: yes, no, or — for `-m statistic --mode random` — with the
// kernel's quantized probability. Affinity (`recent --rcheck`) is evaluated for a first connection
// (no entry yet) with a note, because it changes which endpoint *later* packets reach, not the split.

export type MatchResult =
  | { readonly kind: "yes"; readonly note?: string }
  | { readonly kind: "no"; readonly note?: string }
  | { readonly kind: "random"; readonly probability: Fraction };

const yes: MatchResult = { kind: "yes" };
const no: MatchResult = { kind: "no" };
const holds = (value: boolean, negate = false): MatchResult => (value !== negate ? yes : no);

function isLocal(ip: string, options: TraceOptions): boolean {
  return isLoopback(ip) || options.nodeIPs.some((n) => sameAddress(n, ip));
}

export function evaluateMatch(match: Match, state: PacketState, options: TraceOptions, sets: ReadonlyMap<string, NamedSet>): MatchResult {
  switch (match.kind) {
    case "comment":
    case "nfacct":
      return yes;
    case "protocol":
      return holds(state.packet.protocol === match.protocol);
    case "saddr":
      return holds(cidrContains(match.cidr, state.packet.src), match.negate);
    case "daddr":
      return holds(cidrContains(match.cidr, state.dst), match.negate);
    case "dport":
      return holds(state.dport === match.port);
    case "addrtype":
      return holds(isLocal(match.side === "src" ? state.packet.src : state.dst, options), match.negate);
    case "random":
      return { kind: "random", probability: kernelProbability(match.probability) };
    case "recent":
      return match.mode === "set"
        ? { kind: "yes", note: `session affinity: the source is recorded in list ${match.name}` }
        : {
            kind: "no",
            note: `session affinity: a first connection has no entry in ${match.name}; later connections from ${state.packet.src} within ${match.seconds ?? "?"}s go to the endpoint they reached first`,
          };
    case "mark":
      return holds((state.mark & match.mask) >>> 0 === (match.value & match.mask) >>> 0, match.negate);
    case "conntrack":
      return holds(match.states.some((s) => state.ctStates.includes(s)), match.negate);
    case "iif": {
      // A locally generated packet has no input interface: `-i` never matches it, `! -i` always does.
      const iif = state.packet.from === "node" ? undefined : (state.packet.inInterface ?? "eth0");
      const named = iif !== undefined && (match.wildcard ? iif.startsWith(match.name) : iif === match.name);
      return holds(named, match.negate);
    }
    case "anyOf": {
      const ip = match.side === "src" ? state.packet.src : state.dst;
      return holds(match.cidrs.some((cidr) => cidrContains(cidr, ip)), match.negate);
    }
    case "inSet":
      return evaluateInSet(match, state, sets);
    case "unknown":
      return { kind: "no", note: `a rule with a match kprc does not model (${match.text}) was assumed not to match` };
    default: {
      const never: never = match;
      throw new Error(`unhandled match ${JSON.stringify(never)}`);
    }
  }
}

/** nft set membership; a dynamic set (kube-proxy's affinity sets) is empty for a first connection. */
function evaluateInSet(match: Match & { kind: "inSet" }, state: PacketState, sets: ReadonlyMap<string, NamedSet>): MatchResult {
  const set = sets.get(match.set);
  if (set === undefined) return { kind: "no", note: `set @${match.set} is not in the ruleset; assumed empty` };
  if (set.flags?.includes("dynamic")) {
    return {
      kind: match.negate ? "yes" : "no",
      note: `session affinity: a first connection is not in @${match.set}; later connections from ${state.packet.src} go to the endpoint they reached first`,
    };
  }
  const ip = match.field === "saddr" ? state.packet.src : state.dst;
  return holds(set.elements.some((e) => e.key[0] !== undefined && cidrContains(e.key[0], ip)), match.negate);
}

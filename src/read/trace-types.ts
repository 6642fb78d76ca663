import type { ChainName } from "../model/names.js";
import type { Protocol } from "../model/ruleset.js";
import type { Fraction } from "./fraction.js";

export interface TracePacket {
  readonly src: string;
  readonly dst: string;
  readonly dport: number;
  readonly protocol: Protocol;
  /** `node`: sent by a process on the node (nat OUTPUT path); `outside`: arrives on an interface (PREROUTING path). */
  readonly from: "node" | "outside";
  /** The interface an `outside` packet arrives on (for `-i` detectors); `eth0` when not given. */
  readonly inInterface?: string;
}

export interface TraceOptions {
  /** The node's own addresses: `-m addrtype --dst-type LOCAL` matches them (and loopback). */
  readonly nodeIPs: readonly string[];
  /** Stop enumerating after this many branches (a safety net for hostile input). */
  readonly maxBranches?: number;
}

export interface TraceStep {
  readonly table: string;
  readonly chain: ChainName;
  /** 0-based rule index in the chain; -1 for a chain's policy. */
  readonly ruleIndex: number;
  /** 1-based line in the parsed text, when the ruleset was read from text. */
  readonly line?: number;
  /** What the rule did: `jump KUBE-SVC-…`, `DNAT 10.0.0.1:80`, `mark or 0x4000`, `random 715827883/2^31`. */
  readonly action: string;
}

export type TraceOutcome =
  | { readonly kind: "dnat"; readonly ip: string; readonly port: number }
  | { readonly kind: "reject" }
  | { readonly kind: "drop" }
  /** Not translated: accepted (or no rule matched) and delivered to its original destination. */
  | { readonly kind: "accept" };

export interface TraceBranch {
  readonly outcome: TraceOutcome;
  readonly probability: Fraction;
  readonly masquerade: boolean;
  readonly steps: readonly TraceStep[];
  readonly notes: readonly string[];
}

export interface OutcomeSummary {
  readonly outcome: TraceOutcome;
  readonly probability: Fraction;
  /** Probability minus the uniform share 1/k, for k DNAT outcomes; absent for other outcomes. */
  readonly deviation?: Fraction;
  readonly masquerade: boolean | "sometimes";
  /** Index into TraceResult.branches of the first branch with this outcome. */
  readonly firstBranch: number;
}

export interface TraceResult {
  readonly packet: TracePacket;
  readonly branches: readonly TraceBranch[];
  readonly outcomes: readonly OutcomeSummary[];
  readonly notes: readonly string[];
}

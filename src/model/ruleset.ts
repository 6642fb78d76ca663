import type { ChainName } from "./names.js";

// The ruleset model: what a packet filter should hold, independent of any syntax. The compiler
// builds it, renderers print it, parsers (trace, diff) read text back into it.

export type Family = "ipv4" | "ipv6";
export type Protocol = "tcp" | "udp" | "sctp";

export interface Ruleset {
  readonly family: Family;
  readonly tables: readonly Table[];
}

export interface Table {
  /** `nat`, `filter` (iptables layout) or `kube-proxy` (nftables-mode layout). */
  readonly name: string;
  readonly chains: readonly Chain[];
  /** nft named sets and maps; empty for iptables. */
  readonly sets?: readonly NamedSet[];
  /** Chains that existed before and must be removed (stale service chains, partial sync). */
  readonly deletedChains?: readonly ChainName[];
}

/** A base chain is attached to a netfilter hook (nft `type … hook … priority …`). */
export interface BaseChainSpec {
  readonly type: "nat" | "filter" | "route";
  readonly hook: "prerouting" | "input" | "forward" | "output" | "postrouting";
  readonly priority: number;
  readonly policy?: "accept" | "drop";
}

export interface Chain {
  readonly name: ChainName;
  readonly base?: BaseChainSpec;
  /** True for netfilter's own chains (PREROUTING, …): iptables-restore never declares them. */
  readonly builtin?: boolean;
  readonly comment?: string;
  readonly rules: readonly Rule[];
}

/** Matches are kept in the order they are written; kube-proxy's order is part of its output. */
export interface Rule {
  readonly matches: readonly Match[];
  readonly target?: Target;
  /** Where a parsed rule came from (1-based line in the input text); absent for compiled rules. */
  readonly source?: { readonly line: number };
}

export type Match =
  | { readonly kind: "comment"; readonly text: string }
  | { readonly kind: "protocol"; readonly protocol: Protocol }
  | { readonly kind: "saddr"; readonly cidr: string; readonly negate?: boolean }
  | { readonly kind: "daddr"; readonly cidr: string; readonly negate?: boolean }
  | { readonly kind: "dport"; readonly port: number }
  | { readonly kind: "addrtype"; readonly side: "src" | "dst"; readonly type: "LOCAL"; readonly negate?: boolean }
  /** `-m statistic --mode random`: the packet matches with this probability (0 < p < 1). */
  | { readonly kind: "random"; readonly probability: number }
  | {
      readonly kind: "recent";
      readonly name: string;
      readonly mode: "set" | "rcheck";
      readonly seconds?: number;
      readonly reap?: boolean;
    }
  | { readonly kind: "mark"; readonly value: number; readonly mask: number; readonly negate?: boolean }
  | { readonly kind: "conntrack"; readonly states: readonly ConntrackState[]; readonly negate?: boolean }
  | { readonly kind: "nfacct"; readonly name: string }
  | { readonly kind: "iif"; readonly name: string; readonly wildcard?: boolean; readonly negate?: boolean }
  /** Text a parser could not map onto the model (a foreign chain's rule); kept verbatim. */
  | { readonly kind: "unknown"; readonly text: string };

export type ConntrackState = "NEW" | "ESTABLISHED" | "RELATED" | "INVALID" | "DNAT" | "SNAT" | "UNTRACKED";

export type Verdict = "ACCEPT" | "DROP" | "REJECT" | "RETURN";

export type Target =
  | { readonly kind: "jump"; readonly chain: ChainName }
  | { readonly kind: "goto"; readonly chain: ChainName }
  | { readonly kind: "verdict"; readonly verdict: Verdict }
  | { readonly kind: "dnat"; readonly ip: string; readonly port: number }
  | { readonly kind: "masquerade"; readonly randomFully?: boolean }
  | { readonly kind: "mark"; readonly op: "or" | "xor"; readonly value: number }
  | { readonly kind: "unknown"; readonly text: string };

export interface NamedSet {
  readonly name: string;
  readonly comment?: string;
  /** nft type, e.g. `ipv4_addr . inet_proto . inet_service`; a map has a `: verdict` data type. */
  readonly type: string;
  readonly map?: "verdict";
  readonly flags?: readonly string[];
  readonly timeoutSeconds?: number;
  readonly elements: readonly SetElement[];
}

export interface SetElement {
  readonly key: readonly string[];
  readonly value?: string;
  readonly comment?: string;
}

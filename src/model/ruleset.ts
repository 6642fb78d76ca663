import type { ChainName } from "./names.js";

// The ruleset model: what a packet filter should hold, independent of any syntax. The compiler
// builds it, renderers print it, parsers (trace, diff) read text back into it.

export type Family = "ipv4" | "ipv6";
export type Protocol = "tcp" | "udp" | "sctp";

export interface Ruleset {
  readonly family: Family;
  readonly tables: readonly Table[];
  /**
   * A partial-sync payload (compileDelta): only the chains, sets and elements listed change, and
   * everything else already loaded stays. Renderers must then never flush or delete a whole table
   * (iptables: the payload is for `iptables-restore --noflush`; nft: no `flush table`).
   */
  readonly partial?: boolean;
}

export interface Table {
  /** `nat`, `filter` (iptables layout) or `kube-proxy` (nftables-mode layout). */
  readonly name: string;
  /** nft table comment (kube-proxy's `rules for kube-proxy`). */
  readonly comment?: string;
  readonly chains: readonly Chain[];
  /** nft named sets and maps; empty for iptables. */
  readonly sets?: readonly NamedSet[];
  /** Chains that existed before and must be removed (stale service chains, partial sync). */
  readonly deletedChains?: readonly ChainName[];
  /** nft sets/maps that existed before and must be removed (partial sync; e.g. unused affinity sets). */
  readonly deletedSets?: readonly string[];
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
  /** nft only: the address is (not) an element of a named set (`ip daddr @cluster-ips`, `ip saddr @affinity-…`). */
  | { readonly kind: "inSet"; readonly field: "saddr" | "daddr"; readonly set: string; readonly negate?: boolean }
  /** nft only: the address lies (not) in any of these CIDRs, an anonymous set (`ip saddr != { a , b }`). */
  | { readonly kind: "anyOf"; readonly side: "src" | "dst"; readonly cidrs: readonly string[]; readonly negate?: boolean }
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
  /** nft only: look the packet's key up in a verdict map (`ip daddr . meta l4proto . th dport vmap @service-ips`). */
  | { readonly kind: "vmap"; readonly key: readonly VmapKeyPart[]; readonly map: string }
  /** nft only: `numgen random mod N vmap { 0 : goto c0 , … }` — one random draw picks a chain. */
  | { readonly kind: "numgen"; readonly chains: readonly ChainName[] }
  /** nft only: add the source address to a dynamic set or refresh its timeout (`update @set { ip saddr }`). */
  | { readonly kind: "setUpdate"; readonly set: string; readonly field: "saddr" }
  | { readonly kind: "unknown"; readonly text: string };

/** The packet fields a verdict-map key is concatenated from, in this order. */
export type VmapKeyPart = "daddr" | "l4proto" | "dport";

/** What a verdict-map element decides. */
export type SetVerdict = Extract<Target, { readonly kind: "jump" | "goto" | "verdict" }>;

/** nft set key data types. */
export type SetKeyType = "ipv4_addr" | "ipv6_addr" | "inet_proto" | "inet_service";
export type SetFlag = "dynamic" | "timeout" | "interval" | "constant";

export interface NamedSet {
  readonly name: string;
  readonly comment?: string;
  /** The key's data types, concatenated (`ipv4_addr . inet_proto . inet_service`); a map has a `: verdict` data type. */
  readonly type: readonly SetKeyType[];
  readonly map?: "verdict";
  readonly flags?: readonly SetFlag[];
  readonly timeoutSeconds?: number;
  readonly elements: readonly SetElement[];
  /**
   * Partial sync only: elements (by key) to remove before `elements` are added. A changed value is
   * a delete plus an add, since nft refuses `add element` for a key that exists with another value.
   */
  readonly deletedElements?: readonly SetElement[];
}

export interface SetElement {
  /** Key parts as nft prints them: an address, a protocol name (`tcp`), a port in decimal. */
  readonly key: readonly string[];
  /** Maps only. */
  readonly value?: SetVerdict;
  readonly comment?: string;
}

import type { ConntrackState, Match } from "../../model/ruleset.js";
import type { RuleContext } from "./context.js";
import { randomThreshold, RANDOM_MASK } from "./threshold.js";
import { familyWord, markText, markValueText, nftAddress, nftInterface, nftName } from "./words.js";

// One model match → nft expression text. `protocol`, `dport` and `comment` are placed by rule.ts
// (nft needs `tcp dport 80` as one expression and the comment last), so they never reach here.

export type PlainMatch = Exclude<Match, { kind: "protocol" | "dport" | "comment" }>;

const neq = (negate: boolean | undefined): string => (negate ? "!= " : "");

export function matchText(m: PlainMatch, ctx: RuleContext): string {
  const ip = familyWord(ctx.family);
  switch (m.kind) {
    case "saddr":
      return `${ip} saddr ${neq(m.negate)}${nftAddress(m.cidr)}`;
    case "daddr":
      return `${ip} daddr ${neq(m.negate)}${nftAddress(m.cidr)}`;
    case "addrtype":
      return `fib ${m.side === "src" ? "saddr" : "daddr"} type ${neq(m.negate)}local`;
    case "random":
      return `meta random & ${RANDOM_MASK} < ${randomThreshold(m.probability)}`;
    case "recent":
      // The recent list becomes a dynamic set of source addresses (see sets.ts); `--set` is a
      // statement, `--rcheck` a lookup. The `--seconds` window is the set's timeout.
      return m.mode === "rcheck" ? `${ip} saddr @${nftName(m.name)}` : `update @${nftName(m.name)} { ${ip} saddr }`;
    case "mark":
      return `mark and ${markText(m.mask, ctx.shortMarks)} ${m.negate ? "!=" : "=="} ${markValueText(m.value, ctx.shortMarks)}`;
    case "conntrack":
      return conntrackText(m.states, m.negate ?? false);
    case "nfacct":
      // nfacct objects are global; nft's nearest equivalent is a per-table named counter (declared in sets.ts).
      return `counter name ${nftName(m.name)}`;
    case "iif":
      return `iifname ${neq(m.negate)}${nftInterface(m.name, m.wildcard ?? false)}`;
    case "inSet":
      return `${ip} ${m.field} ${neq(m.negate)}@${nftName(m.set)}`;
    case "anyOf":
      return `${ip} ${m.side === "src" ? "saddr" : "daddr"} ${neq(m.negate)}{ ${m.cidrs.map(nftAddress).join(" , ")} }`;
    case "unknown":
      throw new Error(`cannot write an unparsed iptables match as nft: ${m.text}`);
    default: {
      const never: never = m;
      throw new Error(`unhandled match ${JSON.stringify(never)}`);
    }
  }
}

/** iptables' DNAT/SNAT pseudo-states are conntrack *status* bits in nft. */
const STATUS_STATES: ReadonlySet<ConntrackState> = new Set(["DNAT", "SNAT"]);

/**
 * `-m conntrack [!] --ctstate A,B` matches when any listed state applies (negated: none does).
 * nft splits real states (`ct state`) from NAT status bits (`ct status`). Negation must be written
 * as a bit test, `ct state & (a | b) == 0`: nft 1.0.6 turns `ct state != a,b` into a comparison with
 * the OR of the bits (`cmp neq 0x6`), which is always true (checked with `nft --debug=netlink`).
 * The negated mix `! --ctstate RELATED,ESTABLISHED,DNAT` (KUBE-FIREWALL) is a conjunction of both
 * tests; a non-negated mix would be a disjunction nft cannot write in one rule, and kube-proxy never
 * emits it.
 */
function conntrackText(states: readonly ConntrackState[], negate: boolean): string {
  const plain = states.filter((s) => !STATUS_STATES.has(s)).map((s) => s.toLowerCase());
  const status = states.filter((s) => STATUS_STATES.has(s)).map((s) => s.toLowerCase());
  if (!negate && plain.length > 0 && status.length > 0) {
    throw new Error(`cannot write --ctstate ${states.join(",")} (states or NAT status) as one nft rule`);
  }
  const test = (key: string, bits: string[]): string => {
    if (!negate) return `ct ${key} ${bits.join(",")}`;
    return bits.length === 1 ? `ct ${key} & ${bits[0]} == 0` : `ct ${key} & (${bits.join(" | ")}) == 0`;
  };
  const parts: string[] = [];
  if (plain.length > 0) parts.push(test("state", plain));
  if (status.length > 0) parts.push(test("status", status));
  return parts.join(" ");
}

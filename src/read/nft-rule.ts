import { chainName } from "../model/names.js";
import type { ConntrackState, Match, Protocol, Rule, SetVerdict, Target, VmapKeyPart } from "../model/ruleset.js";
import { fraction, toNumber, TWO_POW_31 } from "./fraction.js";
import { parseMarkNumber } from "./marks.js";
import { unquote } from "./nft-tokenize.js";

// One nft rule's statements (tokens after `add rule FAMILY TABLE CHAIN`, or a rule line of `nft list
// ruleset`) → matches + target. The `--format nft` dialect of the KUBE-* chains and kube-proxy's
// nftables mode are both read; `layout` says how `ip saddr @set` / `update @set` are meant: an
// iptables `recent` list, or a set of the nftables-mode table.

export type NftLayout = "iptables" | "nft-kube";

const PROTOCOLS: ReadonlySet<string> = new Set(["tcp", "udp", "sctp"]);

export interface NftRuleContext {
  readonly layout: NftLayout;
  /** A recent list's `--seconds`, which the nft dialect keeps as the set's timeout. */
  readonly recentSeconds: (set: string) => number | undefined;
}

class Cursor {
  i = 0;
  constructor(readonly tokens: readonly string[]) {}
  peek(offset = 0): string | undefined {
    return this.tokens[this.i + offset];
  }
  next(): string {
    return this.tokens[this.i++] ?? "";
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }
  /** `!=` before a value: negation. `==` is the default. */
  negation(): boolean {
    if (this.peek() === "!=" || this.peek() === "!") {
      this.i++;
      return true;
    }
    if (this.peek() === "==") this.i++;
    return false;
  }
}

export function readNftRule(tokens: readonly string[], context: NftRuleContext): Omit<Rule, "source"> {
  const c = new Cursor(tokens);
  const matches: Match[] = [];
  let target: Target | undefined;
  const unknown: string[] = [];
  while (!c.done()) {
    const before = c.i;
    const read = readStatement(c, context);
    if (read === undefined) {
      unknown.push(c.next());
      continue;
    }
    if (unknown.length > 0) {
      matches.push({ kind: "unknown", text: unknown.join(" ") });
      unknown.length = 0;
    }
    if (read.kind === "matches") matches.push(...read.matches);
    else if (read.kind === "target") {
      if (target !== undefined) matches.push({ kind: "unknown", text: tokens.slice(before, c.i).join(" ") });
      else target = read.target;
    }
  }
  if (unknown.length > 0) {
    const text = unknown.join(" ");
    if (target === undefined && /\b(jump|goto|accept|drop|reject|dnat|snat|masquerade|log)\b/.test(text)) target = { kind: "unknown", text };
    else matches.push({ kind: "unknown", text });
  }
  return target === undefined ? { matches } : { matches, target };
}

type Statement = { kind: "matches"; matches: Match[] } | { kind: "target"; target: Target } | { kind: "none" };

function readStatement(c: Cursor, context: NftRuleContext): Statement | undefined {
  const word = c.peek() ?? "";
  const ms = (...matches: Match[]): Statement => ({ kind: "matches", matches });
  const tg = (target: Target): Statement => ({ kind: "target", target });
  if ((word === "ip" || word === "ip6") && (c.peek(1) === "saddr" || c.peek(1) === "daddr")) {
    if (c.peek(2) === ".") return readVmap(c);
    c.i += 2;
    return ms(readAddress(c, c.tokens[c.i - 1] === "saddr" ? "src" : "dst", context));
  }
  if (PROTOCOLS.has(word) && c.peek(1) === "dport") {
    c.i += 2;
    const port = Number(c.next());
    return ms({ kind: "protocol", protocol: word as Protocol }, { kind: "dport", port });
  }
  if (word === "meta" && c.peek(1) === "l4proto") {
    if (c.peek(3) === "." || c.peek(2) === ".") return readVmap(c);
    c.i += 2;
    const p = c.next();
    return PROTOCOLS.has(p) ? ms({ kind: "protocol", protocol: p as Protocol }) : ms({ kind: "unknown", text: `meta l4proto ${p}` });
  }
  if (word === "fib" && (c.peek(1) === "saddr" || c.peek(1) === "daddr") && c.peek(2) === "type") {
    const side = c.peek(1) === "saddr" ? "src" : "dst";
    c.i += 3;
    const negate = c.negation();
    const type = c.next();
    return type === "local" ? ms({ kind: "addrtype", side, type: "LOCAL", ...(negate ? { negate } : {}) }) : ms({ kind: "unknown", text: `fib ${side}addr type ${type}` });
  }
  if (word === "meta" && c.peek(1) === "random" && c.peek(2) === "&" && c.peek(4) === "<") {
    c.i += 5;
    const text = c.next();
    const threshold = /^\d{1,10}$/.test(text) ? BigInt(text) : -1n;
    if (threshold <= 0n || threshold >= TWO_POW_31) return ms({ kind: "unknown", text: `meta random & 2147483647 < ${text}` });
    return ms({ kind: "random", probability: toNumber(fraction(threshold, TWO_POW_31)) });
  }
  // `mark and M == V` (our dialect) / `meta mark & M == V` (a listing).
  if ((word === "mark" || (word === "meta" && c.peek(1) === "mark")) && ["and", "&"].includes(c.peek(word === "mark" ? 1 : 2) ?? "")) {
    c.i += word === "mark" ? 2 : 3;
    const mask = parseMarkNumber(c.next()) ?? 0;
    const negate = c.negation();
    const value = parseMarkNumber(c.next()) ?? 0;
    return ms({ kind: "mark", value, mask, ...(negate ? { negate } : {}) });
  }
  if (word === "ct" && (c.peek(1) === "state" || c.peek(1) === "status")) return ms(readConntrack(c));
  if (word === "counter") {
    c.i++;
    if (c.peek() === "name") {
      c.i++;
      return ms({ kind: "nfacct", name: unquote(c.next()) });
    }
    // `counter packets 0 bytes 0` in a listing: counters are not rule meaning.
    if (c.peek() === "packets") c.i += 4;
    return { kind: "none" };
  }
  if (word === "iifname") {
    c.i++;
    const negate = c.negation();
    const name = unquote(c.next());
    const wildcard = name.endsWith("*") && !name.endsWith("\\*");
    const plain = (wildcard ? name.slice(0, -1) : name).replace(/\\\*/g, "*");
    return ms({ kind: "iif", name: plain, ...(wildcard ? { wildcard } : {}), ...(negate ? { negate } : {}) });
  }
  if (word === "comment") {
    c.i++;
    return ms({ kind: "comment", text: unquote(c.next()) });
  }
  if (word === "update" && c.peek(1)?.startsWith("@")) {
    const set = c.peek(1)!.slice(1);
    c.i += 2;
    if (c.peek() === "{") while (!c.done() && c.next() !== "}");
    return context.layout === "iptables" ? ms({ kind: "recent", name: set, mode: "set" }) : tg({ kind: "setUpdate", set, field: "saddr" });
  }
  if (word === "numgen") return readNumgen(c);
  return readTarget(c);
}

function readAddress(c: Cursor, side: "src" | "dst", context: NftRuleContext): Match {
  const negate = c.negation();
  const value = c.next();
  const field = side === "src" ? "saddr" : "daddr";
  if (value.startsWith("@")) {
    const set = value.slice(1);
    if (context.layout === "iptables" && side === "src" && !negate) {
      const seconds = context.recentSeconds(set);
      return { kind: "recent", name: set, mode: "rcheck", ...(seconds !== undefined ? { seconds } : {}), reap: true };
    }
    return { kind: "inSet", field, set, ...(negate ? { negate } : {}) };
  }
  if (value === "{") {
    const cidrs: string[] = [];
    while (!c.done() && c.peek() !== "}") {
      const t = c.next();
      if (t !== ",") cidrs.push(t);
    }
    c.i++;
    return { kind: "anyOf", side, cidrs, ...(negate ? { negate } : {}) };
  }
  return { kind: side === "src" ? "saddr" : "daddr", cidr: value, ...(negate ? { negate } : {}) };
}

/**
 * `ct state a,b`, `ct state != a,b`, or the bit test the renderer writes for a negation,
 * `ct state & (a | b) == 0` — each optionally followed by the same for `ct status` (dnat): one
 * conntrack match, as the nft renderer splits `--ctstate` into states and NAT status bits.
 */
function readConntrack(c: Cursor): Match {
  const states: ConntrackState[] = [];
  let negate: boolean | undefined;
  while (c.peek() === "ct" && (c.peek(1) === "state" || c.peek(1) === "status")) {
    const save = c.i;
    c.i += 2;
    const words: string[] = [];
    let neg: boolean;
    if (c.peek() === "&") {
      c.i++;
      for (;;) {
        words.push(c.next().replace(/[()]/g, ""));
        if (c.peek() !== "|") break;
        c.i++;
      }
      neg = c.peek() === "==" && c.peek(1) === "0";
      if (c.peek() === "==" || c.peek() === "!=") c.i += 2;
    } else {
      neg = c.negation();
      for (;;) {
        words.push(c.next());
        if (c.peek() !== ",") break;
        c.i++;
      }
    }
    if (negate !== undefined && neg !== negate) {
      c.i = save;
      break;
    }
    negate = neg;
    states.push(...words.filter((w) => w !== "").map((w) => w.toUpperCase() as ConntrackState));
  }
  return { kind: "conntrack", states, ...(negate ? { negate } : {}) };
}

function readVmap(c: Cursor): Statement {
  const key: VmapKeyPart[] = [];
  for (;;) {
    const a = c.next();
    const b = c.next();
    if ((a === "ip" || a === "ip6") && b === "daddr") key.push("daddr");
    else if (a === "meta" && b === "l4proto") key.push("l4proto");
    else if (a === "th" && b === "dport") key.push("dport");
    else return { kind: "matches", matches: [{ kind: "unknown", text: `${a} ${b}` }] };
    if (c.peek() !== ".") break;
    c.i++;
  }
  if (c.next() !== "vmap") return { kind: "matches", matches: [{ kind: "unknown", text: key.join(" . ") }] };
  return { kind: "target", target: { kind: "vmap", key, map: c.next().replace(/^@/, "") } };
}

function readNumgen(c: Cursor): Statement {
  // numgen random mod N vmap { 0 : goto a , 1 : goto b }
  c.i += 4;
  if (c.next() !== "vmap" || c.next() !== "{") return { kind: "matches", matches: [{ kind: "unknown", text: "numgen" }] };
  const chains: ReturnType<typeof chainName>[] = [];
  while (!c.done() && c.peek() !== "}") {
    const t = c.next();
    if (t === "goto" || t === "jump") chains.push(chainName(c.next()));
  }
  c.i++;
  return { kind: "target", target: { kind: "numgen", chains } };
}

function readTarget(c: Cursor): Statement | undefined {
  const word = c.peek() ?? "";
  const verdict = readVerdictWords(c);
  if (verdict !== undefined) return { kind: "target", target: verdict };
  if (word === "dnat" && c.peek(1) === "to") {
    c.i += 2;
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d+)$/.exec(c.next());
    return m ? { kind: "target", target: { kind: "dnat", ip: m[1] ?? m[2]!, port: Number(m[3]) } } : undefined;
  }
  if (word === "masquerade") {
    c.i++;
    if (c.peek() === "fully-random" || c.peek() === "random-fully") {
      c.i++;
      return { kind: "target", target: { kind: "masquerade", randomFully: true } };
    }
    return { kind: "target", target: { kind: "masquerade" } };
  }
  // `mark set mark or 0x4000` (our dialect) / `meta mark set meta mark | 0x00004000` (a listing).
  const at = word === "meta" ? 1 : 0;
  if (c.peek(at) === "mark" && c.peek(at + 1) === "set" && (c.peek(at + 2) === "mark" || c.peek(at + 2) === "meta")) {
    const skip = c.peek(at + 2) === "meta" ? at + 4 : at + 3;
    const word2 = c.peek(skip);
    const op = word2 === "|" ? "or" : word2 === "^" ? "xor" : word2;
    const value = parseMarkNumber(c.peek(skip + 1) ?? "");
    if ((op === "or" || op === "xor") && value !== undefined) {
      c.i += skip + 2;
      return { kind: "target", target: { kind: "mark", op, value } };
    }
  }
  return undefined;
}

/** `jump X`, `goto X`, `accept`, `drop`, `reject`, `return` — also a verdict-map element's value. */
export function readVerdictWords(c: { peek(offset?: number): string | undefined; i: number }): SetVerdict | undefined {
  const word = c.peek() ?? "";
  if ((word === "jump" || word === "goto") && c.peek(1) !== undefined) {
    const chain = chainName(c.peek(1)!);
    c.i += 2;
    return { kind: word, chain };
  }
  const verdicts = { accept: "ACCEPT", drop: "DROP", reject: "REJECT", return: "RETURN" } as const;
  if (word in verdicts) {
    c.i++;
    // `reject with icmp port-unreachable` in a listing is the default reject.
    if (word === "reject" && c.peek() === "with") c.i += 3;
    return { kind: "verdict", verdict: verdicts[word as keyof typeof verdicts] };
  }
  return undefined;
}

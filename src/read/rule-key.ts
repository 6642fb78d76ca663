import type { Match, Rule, Target } from "../model/ruleset.js";
import { parseAddress } from "./addresses.js";
import { kernelThreshold } from "./fraction.js";

// A rule's meaning as a string, for comparing a compiled ruleset with a node's dump: matches in a
// fixed order (iptables-save moves -s/-d/-p to the front), host addresses without /32 or /128,
// probabilities as the kernel's threshold (0.3333333333 and 0.33333333349 are the same rule).

function address(cidr: string): string {
  const [ip = "", prefix] = cidr.split("/");
  const parsed = parseAddress(ip);
  if (parsed === undefined) return cidr;
  const host = parsed.family === 4 ? "32" : "128";
  const canonical = parsed.family === 4 ? ip : parsed.value.toString(16);
  return prefix === undefined || prefix === host ? canonical : `${canonical}/${prefix}`;
}

const not = (negate: boolean | undefined): string => (negate ? "!" : "");

/**
 * Addresses as merged ranges, so one address, a CIDR and an nft anonymous set compare by what they
 * contain: nft lists `{ 198.51.100.10, 198.51.100.11 }` back as `198.51.100.10/31` (auto-merge).
 */
function ranges(cidrs: readonly string[]): string {
  const spans: [bigint, bigint, number][] = [];
  for (const cidr of cidrs) {
    const [ip = "", prefix] = cidr.split("/");
    const a = parseAddress(ip);
    if (a === undefined) return cidrs.join(",");
    const bits = a.family === 4 ? 32 : 128;
    const host = BigInt(bits - (prefix === undefined ? bits : Number(prefix)));
    const lo = (a.value >> host) << host;
    spans.push([lo, lo + (1n << host) - 1n, a.family]);
  }
  spans.sort((x, y) => (x[2] !== y[2] ? x[2] - y[2] : x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const merged: [bigint, bigint, number][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last[2] === span[2] && span[0] <= last[1] + 1n) last[1] = span[1] > last[1] ? span[1] : last[1];
    else merged.push([...span]);
  }
  return merged.map(([lo, hi, f]) => (lo === hi ? `v${f}:${lo.toString(16)}` : `v${f}:${lo.toString(16)}-${hi.toString(16)}`)).join(",");
}

export function matchKey(m: Match): string {
  switch (m.kind) {
    case "comment":
      return `comment=${m.text}`;
    case "protocol":
      return `proto=${m.protocol}`;
    case "saddr":
      return `${not(m.negate)}src=${ranges([m.cidr])}`;
    case "daddr":
      return `${not(m.negate)}dst=${ranges([m.cidr])}`;
    case "dport":
      return `dport=${m.port}`;
    case "addrtype":
      return `${not(m.negate)}${m.side}-type=${m.type}`;
    case "random":
      return `random<${kernelThreshold(m.probability)}`;
    case "recent":
      return `recent ${m.mode} ${m.name}${m.seconds === undefined ? "" : ` ${m.seconds}s`}${m.reap ? " reap" : ""}`;
    case "mark":
      return `${not(m.negate)}mark=0x${m.value.toString(16)}/0x${m.mask.toString(16)}`;
    case "conntrack":
      return `${not(m.negate)}ctstate=${[...m.states].sort().join(",")}`;
    case "nfacct":
      return `nfacct=${m.name}`;
    case "iif":
      return `${not(m.negate)}iif=${m.name}${m.wildcard ? "+" : ""}`;
    case "inSet":
      return `${not(m.negate)}${m.field}@${m.set}`;
    case "anyOf":
      return `${not(m.negate)}${m.side}=${ranges(m.cidrs)}`;
    case "unknown":
      return `?${m.text}`;
    default: {
      const never: never = m;
      throw new Error(`unhandled match ${JSON.stringify(never)}`);
    }
  }
}

export function targetKey(t: Target | undefined): string {
  if (t === undefined) return "(none)";
  switch (t.kind) {
    case "jump":
    case "goto":
      return `${t.kind} ${t.chain}`;
    case "verdict":
      return t.verdict;
    case "dnat":
      return `dnat ${address(t.ip)}:${t.port}`;
    case "masquerade":
      return t.randomFully ? "masquerade random-fully" : "masquerade";
    case "mark":
      return `mark ${t.op} 0x${t.value.toString(16)}`;
    case "vmap":
      return `vmap ${t.key.join(".")} @${t.map}`;
    case "numgen":
      return `numgen ${t.chains.join(",")}`;
    case "setUpdate":
      return `update @${t.set}`;
    case "unknown":
      return `?${t.text}`;
    default: {
      const never: never = t;
      throw new Error(`unhandled target ${JSON.stringify(never)}`);
    }
  }
}

/** Order-insensitive over matches (a rule's matches are a conjunction), exact over the target. */
export function ruleKey(rule: Rule): string {
  return `${rule.matches.map(matchKey).sort().join(" & ")} -> ${targetKey(rule.target)}`;
}

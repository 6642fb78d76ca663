import type { RuleLine } from "../hostile/iptables-grammar.js";

// Exact arithmetic over the probability cascade as printed. A decimal string p = d/10^k is a
// rational; endpoint i of n is chosen with p_i · Π_{j<i} (1 − p_j) (the last endpoint takes what is
// left). The kernel does not use the decimal: libxt_statistic stores u = lround(2^31 · p) and
// matches when (random & 0x7FFFFFFF) < u, so the effective probability is u / 2^31.

export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
export const frac = (num: bigint, den: bigint): Fraction => {
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
};
// Not reduced: gcd on the thousand-digit numbers of a long cascade costs far more than it saves.
export const mul = (a: Fraction, b: Fraction): Fraction => ({ num: a.num * b.num, den: a.den * b.den });
export const sub = (a: Fraction, b: Fraction): Fraction =>
  a.den === b.den ? { num: a.num - b.num, den: a.den } : { num: a.num * b.den - b.num * a.den, den: a.den * b.den };
export const ONE: Fraction = { num: 1n, den: 1n };
const abs = (f: Fraction): Fraction => (f.num < 0n ? { num: -f.num, den: f.den } : f);
/** a ≤ b */
export const le = (a: Fraction, b: Fraction): boolean => a.num * b.den <= b.num * a.den;

/** "0.3333333333" → 3333333333/10^10, exactly. */
export function parseDecimal(text: string): Fraction {
  const m = /^(\d+)\.(\d+)$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const digits = m[2]!;
  return frac(BigInt(m[1]! + digits), 10n ** BigInt(digits.length));
}

/** The kernel's threshold u = lround(2^31 · p), as xt_statistic stores it (ties away from zero). */
export function kernelThreshold(p: Fraction): bigint {
  const scaled = p.num * 2n ** 31n;
  return (2n * scaled + p.den) / (2n * p.den);
}

/** Probability of each endpoint of a cascade (probabilities of all rules but the last). */
export function cascadeShares(probabilities: readonly Fraction[]): Fraction[] {
  const shares: Fraction[] = [];
  let remaining = ONE;
  for (const p of probabilities) {
    shares.push(mul(remaining, p));
    remaining = mul(remaining, sub(ONE, p));
  }
  shares.push(remaining);
  return shares;
}

/** |share − 1/n| ≤ tolerance, for every share. */
export function allWithin(shares: readonly Fraction[], tolerance: Fraction): boolean {
  const target = frac(1n, BigInt(shares.length));
  return shares.every((s) => le(abs(sub(s, target)), tolerance));
}

export interface Cascade {
  readonly chain: string;
  /** The `--probability` text of each rule but the last, in rule order. */
  readonly probabilities: readonly string[];
  /** KUBE-SEP chains in rule order. */
  readonly endpoints: readonly string[];
}

/** The endpoint cascades of every KUBE-SVC-/KUBE-SVL- chain (affinity `recent` rules skipped). */
export function cascades(rules: readonly RuleLine[]): Cascade[] {
  const byChain = new Map<string, { probabilities: string[]; endpoints: string[]; unconditional: number }>();
  for (const r of rules) {
    if (r.op !== "-A" || !/^KUBE-SV[CL]-/.test(r.chain)) continue;
    const target = valueOf(r.tokens, "-j");
    if (!target?.startsWith("KUBE-SEP-") || r.tokens.includes("--rcheck")) continue;
    const c = byChain.get(r.chain) ?? { probabilities: [], endpoints: [], unconditional: 0 };
    const p = valueOf(r.tokens, "--probability");
    if (p === undefined) c.unconditional++;
    else if (c.unconditional > 0) throw new Error(`${r.chain}: a probability rule after the unconditional one`);
    else c.probabilities.push(p);
    c.endpoints.push(target);
    byChain.set(r.chain, c);
  }
  return [...byChain].map(([chain, c]) => {
    if (c.unconditional !== 1) throw new Error(`${chain}: ${c.unconditional} unconditional endpoint rules, expected 1`);
    return { chain, probabilities: c.probabilities, endpoints: c.endpoints };
  });
}

export function valueOf(tokens: readonly string[], option: string): string | undefined {
  const i = tokens.indexOf(option);
  return i >= 0 ? tokens[i + 1] : undefined;
}

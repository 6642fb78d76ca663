import { probabilityText } from "../model/probability.js";

// Exact probabilities. The kernel's statistic match fires when `(random & 0x7FFFFFFF) < u` with
// `u = round(p · 2^31)`, so every probability a trace multiplies is a dyadic rational: bigint
// fractions keep sums and products exact however long the cascade.

export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

export const TWO_POW_31 = 2n ** 31n;

function trailingZeros(x: bigint): bigint {
  if (x === 0n) return 0n;
  return BigInt((x & -x).toString(2).length - 1);
}

/**
 * Denominators here are 2^k times a small number, with k in the tens of thousands for a cascade of
 * a thousand endpoints: strip the common powers of two first, so Euclid only ever runs against the
 * small odd part.
 */
function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  if (x === 0n) return y;
  if (y === 0n) return x;
  const tx = trailingZeros(x);
  const ty = trailingZeros(y);
  x >>= tx;
  y >>= ty;
  if (x < y) [x, y] = [y, x];
  while (y !== 0n) [x, y] = [y, x % y];
  return x << (tx < ty ? tx : ty);
}

export function fraction(num: bigint, den: bigint = 1n): Fraction {
  if (den === 0n) throw new RangeError("fraction with denominator 0");
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

export const ZERO = fraction(0n);
export const ONE = fraction(1n);

export const add = (a: Fraction, b: Fraction): Fraction => fraction(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Fraction, b: Fraction): Fraction => fraction(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Fraction, b: Fraction): Fraction => fraction(a.num * b.num, a.den * b.den);
export const equals = (a: Fraction, b: Fraction): boolean => a.num === b.num && a.den === b.den;
export const compare = (a: Fraction, b: Fraction): number => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
export const abs = (a: Fraction): Fraction => (a.num < 0n ? fraction(-a.num, a.den) : a);

/**
 * The kernel's threshold for a probability as libxt_statistic computes it, `lround(p · 2^31)`, from
 * the 10-decimal text kube-proxy writes (a compiled 1/3 reaches the kernel as 0.3333333333).
 */
export function kernelThreshold(probability: number): bigint {
  return BigInt(Math.round(Number(probabilityText(probability)) * 2 ** 31));
}

/** The probability the kernel actually applies for `--probability p`: u / 2^31. */
export function kernelProbability(probability: number): Fraction {
  return fraction(kernelThreshold(probability), TWO_POW_31);
}

export function toNumber(a: Fraction): number {
  return Number(a.num) / Number(a.den);
}

/** `n/d`; a power-of-two denominator (every kernel probability) is written `n/2^k`. */
export function fractionText(a: Fraction): string {
  if (a.den === 1n) return `${a.num}`;
  const bits = a.den.toString(2);
  return /^10+$/.test(bits) && bits.length > 11 ? `${a.num}/2^${bits.length - 1}` : `${a.num}/${a.den}`;
}

/** A percentage with enough digits to show a 2^-31 difference (`33.333333349%`). */
export function percentText(a: Fraction, digits = 9): string {
  const scale = 10n ** BigInt(digits);
  const negative = a.num < 0n;
  const n = negative ? -a.num : a.num;
  const scaled = (n * 100n * scale * 2n + a.den) / (2n * a.den);
  const whole = scaled / scale;
  const rest = (scaled % scale).toString().padStart(digits, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${rest === "" ? "" : `.${rest}`}%`;
}

/**
 * The share of `numgen random mod n` that picks bucket i: the kernel maps a random u32 x to
 * floor(x · n / 2^32), so bucket i holds ceil((i+1)·2^32/n) − ceil(i·2^32/n) of the 2^32 values.
 */
export function numgenShare(i: number, n: number): Fraction {
  const total = 2n ** 32n;
  const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;
  const count = ceilDiv(BigInt(i + 1) * total, BigInt(n)) - ceilDiv(BigInt(i) * total, BigInt(n));
  return fraction(count, total);
}

import { probabilityText } from "../../model/probability.js";

// `-m statistic --mode random --probability p` in nft terms. libxt_statistic parses the *printed*
// probability and stores u = lround(p × 2^31); the kernel matches when
// (prandom_u32() & 0x7fffffff) < u, and iptables-nft lists exactly that as
// `meta random & 2147483647 < u`. So the threshold comes from the 10-decimal text kube-proxy
// writes (`0.3333333333` → 715827883), not from the exact 1/k: the two can differ by one.

export const RANDOM_MASK = 0x7fffffff;

/** The u32 threshold the kernel compares against, for a probability as kube-proxy prints it. */
export function randomThreshold(probability: number): number {
  if (!(probability > 0 && probability <= 1)) throw new Error(`probability ${probability} is not in (0, 1]`);
  const printed = Number(probabilityText(probability));
  // p × 2^31 is exact in binary floating point (a power-of-two scale); Math.round equals C lround for
  // positive values.
  return Math.round(printed * 2 ** 31);
}

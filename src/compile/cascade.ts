import { probabilityText as formatProbability } from "../model/probability.js";

// The random cascade that spreads new connections over n endpoints: endpoint i (0-based, in
// kube-proxy's endpoint order) matches with probability 1/(n-i) of what reaches it, so each gets
// exactly 1/n overall; the last one has no statistic match at all.

/** The probability text for the k-th from last endpoint: Go `%0.10f` of 1/k. */
export function probabilityText(k: number): string {
  return formatProbability(1 / k);
}

/** Per endpoint, the probability of its statistic match, or undefined for the last one. */
export function cascadeProbabilities(n: number): (number | undefined)[] {
  return Array.from({ length: n }, (_, i) => (i < n - 1 ? 1 / (n - i) : undefined));
}

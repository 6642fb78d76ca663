import { joinHostPort } from "../model/ip.js";
import { add, fraction, sub, ZERO, type Fraction } from "./fraction.js";
import type { OutcomeSummary, TraceBranch, TraceOutcome } from "./trace-types.js";

// Branches → distinct outcomes with summed exact probabilities, and each DNAT outcome's deviation
// from an even split of the DNATed traffic (what a kube-proxy cascade is meant to give).

export function outcomeKey(outcome: TraceOutcome): string {
  return outcome.kind === "dnat" ? `dnat ${joinHostPort(outcome.ip, outcome.port)}` : outcome.kind;
}

export function summarizeOutcomes(branches: readonly TraceBranch[]): OutcomeSummary[] {
  const groups = new Map<string, { outcome: TraceOutcome; probability: Fraction; masq: Set<boolean>; first: number }>();
  branches.forEach((b, index) => {
    const key = outcomeKey(b.outcome);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { outcome: b.outcome, probability: b.probability, masq: new Set([b.masquerade]), first: index });
    else {
      group.probability = add(group.probability, b.probability);
      group.masq.add(b.masquerade);
    }
  });
  const all = [...groups.values()];
  const dnats = all.filter((g) => g.outcome.kind === "dnat");
  const dnatTotal = dnats.reduce((sum, g) => add(sum, g.probability), ZERO);
  const uniform = dnats.length === 0 ? ZERO : fraction(dnatTotal.num, dnatTotal.den * BigInt(dnats.length));
  return all.map((g) => ({
    outcome: g.outcome,
    probability: g.probability,
    ...(g.outcome.kind === "dnat" ? { deviation: sub(g.probability, uniform) } : {}),
    masquerade: g.masq.size === 2 ? "sometimes" : g.masq.has(true),
    firstBranch: g.first,
  }));
}

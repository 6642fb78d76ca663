import type { Format } from "./kprc.js";
import type { ProbeTally } from "./probe.js";
import { total } from "./probe.js";
import type { Check } from "./scenario.js";
import { uniformityTest } from "./stats.js";
import { TCP_TARGET_PORT, UDP_TARGET_PORT, type Topology } from "./topology.js";

// Turns a probe's tally into a verdict for one check: what was measured (for RESULTS.md) and what is
// wrong with it (an empty list means the check passed).

/** The p-value below which a split is not uniform. */
export const P_THRESHOLD = 0.001;

export interface CheckResult {
  readonly format: Format;
  readonly check: Check;
  readonly connections: number;
  /** Answers per expected endpoint, in endpoint order (uniform and sticky checks). */
  readonly split: readonly number[];
  readonly chiSquare?: number;
  readonly pValue?: number;
  readonly elapsedMs: number;
  readonly problems: readonly string[];
  /** Set when this is a confirmation sample: the p-value of the first sample, which was ≤ P_THRESHOLD. */
  readonly firstSampleP?: number;
}

/**
 * A correct cascade still gives p ≤ 0.001 in one check of a thousand, and the suite runs dozens of
 * checks: when the split's p-value is the only problem, the check takes one fresh sample and judges
 * that instead. A wrong cascade fails both (the negative control's p is around 1e-80).
 */
export function needsConfirmation(r: CheckResult): boolean {
  return r.check.kind === "uniform" && r.firstSampleP === undefined && r.problems.length === 1 && !(r.pValue! > P_THRESHOLD);
}

function endpointAnswer(t: Topology, check: Check, i: number): string {
  return `${t.endpoints[i]!.ip}:${check.protocol === "tcp" ? TCP_TARGET_PORT : UDP_TARGET_PORT}`;
}

function describe(map: ReadonlyMap<string, number>): string {
  return [...map].map(([k, v]) => `${k}=${v}`).join(", ");
}

function commonProblems(tally: ProbeTally, expectedAnswers: readonly string[]): string[] {
  const problems: string[] = [];
  if (tally.failures.size > 0) problems.push(`failed connections: ${describe(tally.failures)}`);
  const stray = [...tally.answers].filter(([a]) => !expectedAnswers.includes(a));
  if (stray.length > 0) problems.push(`answers from unexpected addresses: ${stray.map(([a, n]) => `${a}=${n}`).join(", ")}`);
  return problems;
}

export function evaluate(format: Format, check: Check, tally: ProbeTally, t: Topology): CheckResult {
  const connections = total(tally.answers) + total(tally.failures);
  const base = { format, check, connections, elapsedMs: tally.elapsedMs };
  switch (check.kind) {
    case "uniform": {
      const expected = check.endpoints.map((i) => endpointAnswer(t, check, i));
      const split = expected.map((a) => tally.answers.get(a) ?? 0);
      const { chiSquare, pValue } = uniformityTest(split);
      const problems = commonProblems(tally, expected);
      if (connections !== check.count) problems.push(`${connections} outcomes for ${check.count} connections`);
      if (split.some((n) => n === 0)) problems.push(`an expected endpoint never answered: ${split.join("/")}`);
      if (!(pValue > P_THRESHOLD)) problems.push(`split ${split.join("/")} is not uniform: χ² = ${chiSquare.toFixed(2)}, p = ${pValue.toExponential(2)}`);
      const source = check.source === "node" ? t.node.ip : t.client.ip;
      const otherSources = [...tally.peers].filter(([p]) => p !== source);
      if (otherSources.length > 0) problems.push(`endpoints saw source ${describe(new Map(otherSources))}, expected only ${check.source} ${source}`);
      return { ...base, split, chiSquare, pValue, problems };
    }
    case "sticky": {
      const expected = check.endpoints.map((i) => endpointAnswer(t, check, i));
      const split = expected.map((a) => tally.answers.get(a) ?? 0);
      const problems = commonProblems(tally, expected);
      if (split.filter((n) => n > 0).length !== 1) problems.push(`one client reached ${split.filter((n) => n > 0).length} endpoints: ${split.join("/")}`);
      return { ...base, split, problems };
    }
    case "refused": {
      const problems: string[] = [];
      if (tally.answers.size > 0) problems.push(`a service without endpoints answered: ${describe(tally.answers)}`);
      const notRefused = [...tally.failures].filter(([reason]) => reason !== "refused");
      if (notRefused.length > 0) problems.push(`connections not refused at once: ${describe(new Map(notRefused))}`);
      if ((tally.failures.get("refused") ?? 0) !== check.count) problems.push(`${tally.failures.get("refused") ?? 0} of ${check.count} refused`);
      return { ...base, split: [], problems };
    }
    default: {
      const never: never = check;
      throw new Error(`unhandled check ${JSON.stringify(never)}`);
    }
  }
}

import { joinHostPort } from "../model/ip.js";
import { fractionText, percentText, type Fraction } from "./fraction.js";
import { outcomeKey } from "./trace-outcomes.js";
import type { OutcomeSummary, TraceResult, TraceStep } from "./trace-types.js";

// A trace for people (a table of outcomes, then the path of each) and for programs (--json, with
// fractions as "n/d" strings so no precision is lost).

function outcomeLabel(o: OutcomeSummary): string {
  switch (o.outcome.kind) {
    case "dnat":
      return `DNAT ${outcomeKey(o.outcome).slice(5)}`;
    case "accept":
      return "ACCEPT (not translated)";
    case "drop":
      return "DROP";
    case "reject":
      return "REJECT";
    default: {
      const never: never = o.outcome;
      throw new Error(`unhandled outcome ${JSON.stringify(never)}`);
    }
  }
}

function masqText(m: OutcomeSummary["masquerade"]): string {
  return m === "sometimes" ? "sometimes" : m ? "yes" : "no";
}

function stepText(step: TraceStep, lineText: (line: number) => string | undefined): string {
  const where = `${step.table} ${step.chain}`.padEnd(36);
  const line = step.line === undefined ? "(assumed)".padEnd(10) : `line ${step.line}`.padEnd(10);
  const text = step.line === undefined ? undefined : lineText(step.line);
  return `    ${where} ${line} ${step.action}${text === undefined ? "" : `\n${" ".repeat(6)}${text}`}`;
}

const sameStep = (a: TraceStep | undefined, b: TraceStep | undefined): boolean =>
  a !== undefined && b !== undefined && a.table === b.table && a.chain === b.chain && a.ruleIndex === b.ruleIndex && a.action === b.action;

/** The part of `steps` between the prefix and the suffix it shares with `first`. */
function differingSteps(first: readonly TraceStep[], steps: readonly TraceStep[]): { from: number; to: number } {
  let from = 0;
  while (from < steps.length && sameStep(first[from], steps[from])) from++;
  let to = steps.length;
  while (to > from && sameStep(first[first.length - (steps.length - to) - 1], steps[to - 1])) to--;
  return { from, to };
}

/** `lineText` gives the input line for a line number, so the report can quote the rule that acted. */
export function traceReport(result: TraceResult, lineText: (line: number) => string | undefined = () => undefined): string {
  // Fractions of a long cascade run to dozens of digits; the table shows percentages, --json the fractions.
  const p = result.packet;
  const dst = joinHostPort(p.dst, p.dport);
  const out: string[] = [`packet: ${p.protocol} ${p.src} -> ${dst} from ${p.from === "node" ? "this node (nat OUTPUT)" : "outside (PREROUTING)"}`, "", "outcomes:"];
  const labels = result.outcomes.map(outcomeLabel);
  const width = Math.max(...labels.map((l) => l.length), 8);
  result.outcomes.forEach((o, i) => {
    const deviation = o.deviation === undefined ? "" : o.deviation.num === 0n ? "  (exactly even)" : `  (vs even split ${o.deviation.num < 0n ? "" : "+"}${percentText(o.deviation, 9)})`;
    const exact = fractionText(o.probability);
    out.push(`  ${labels[i]!.padEnd(width)}  ${percentText(o.probability, 9).padStart(14)}${deviation}  masquerade: ${masqText(o.masquerade)}${exact.length <= 24 ? `  = ${exact}` : ""}`);
  });
  out.push("", "paths (the rules that acted, in order):");
  const firstSteps = result.outcomes.length === 0 ? [] : result.branches[result.outcomes[0]!.firstBranch]!.steps;
  result.outcomes.forEach((o, i) => {
    const branch = result.branches[o.firstBranch]!;
    const more = result.branches.filter((b) => outcomeKey(b.outcome) === outcomeKey(o.outcome)).length;
    const { from, to } = i === 0 ? { from: 0, to: branch.steps.length } : differingSteps(firstSteps, branch.steps);
    const note = i === 0 ? "" : from > 0 || to < branch.steps.length ? " (only where it differs from the first path)" : "";
    out.push(`  ${labels[i]}${more > 1 ? ` (first of ${more} paths)` : ""}${note}:`);
    for (const step of branch.steps.slice(from, to)) out.push(stepText(step, lineText));
  });
  if (result.notes.length > 0) {
    out.push("", "notes:");
    for (const note of result.notes) out.push(`  - ${note}`);
  }
  return `${out.join("\n")}\n`;
}

export function traceJson(result: TraceResult): unknown {
  const fr = (f: Fraction) => ({ fraction: fractionText(f), percent: percentText(f, 9) });
  return {
    packet: result.packet,
    outcomes: result.outcomes.map((o) => ({
      outcome: o.outcome,
      probability: fr(o.probability),
      ...(o.deviation !== undefined ? { deviationFromEvenSplit: fr(o.deviation) } : {}),
      masquerade: o.masquerade,
      path: result.branches[o.firstBranch]!.steps,
    })),
    branches: result.branches.map((b) => ({ outcome: b.outcome, probability: fr(b.probability), masquerade: b.masquerade, steps: b.steps })),
    notes: result.notes,
  };
}

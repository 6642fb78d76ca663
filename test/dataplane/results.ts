import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CheckResult } from "./evaluate.js";

// test/dataplane/RESULTS.md: the measured splits of the last run, written by the suite (never by hand)
// and quoted in the README's dataplane section.

export const RESULTS_PATH = join(dirname(fileURLToPath(import.meta.url)), "RESULTS.md");

export interface RunFacts {
  readonly image: string;
  readonly kernel: string;
  readonly iptablesVersion: string;
  readonly nftVersion: string;
  readonly formats: readonly string[];
  readonly skippedFormats: readonly string[];
  readonly setupMs: number;
  readonly wallMs: number;
}

function row(r: CheckResult): string {
  const c = r.check;
  const target = `${c.protocol} ${c.address === "node" ? "node IP" : c.address}:${c.port}`;
  const stats = r.chiSquare === undefined ? "–" : r.chiSquare.toFixed(2);
  const p = r.pValue === undefined ? "–" : r.pValue < 1e-4 ? r.pValue.toExponential(1) : r.pValue.toFixed(3);
  const split = r.split.length > 0 ? r.split.join(" / ") : "–";
  const verdict = r.problems.length === 0 ? "pass" : `**FAIL**: ${r.problems.join("; ").replaceAll("|", "\\|")}`;
  return `| ${r.format} | ${c.name} | ${c.from} → ${target} | ${r.connections} | ${split} | ${stats} | ${p} | ${r.elapsedMs} | ${verdict} |`;
}

export function writeResults(results: readonly CheckResult[], facts: RunFacts): void {
  const lines = [
    "# Dataplane results (written by test/dataplane/dataplane.test.ts — do not edit)",
    "",
    `Node image \`${facts.image}\`, kernel ${facts.kernel}, ${facts.iptablesVersion}, ${facts.nftVersion}.`,
    `Formats: ${facts.formats.join(", ")}${facts.skippedFormats.length > 0 ? ` (not run: ${facts.skippedFormats.join(", ")})` : ""}.`,
    `Containers up in ${(facts.setupMs / 1000).toFixed(1)} s; whole run ${(facts.wallMs / 1000).toFixed(1)} s.`,
    "",
    "Split = answers per expected endpoint; χ² against a uniform split over exactly those endpoints, p must be > 0.001.",
    "",
    "| format | check | path | connections | split | χ² | p | ms | result |",
    "|---|---|---|---:|---|---:|---:|---:|---|",
    ...results.map(row),
    "",
  ];
  writeFileSync(RESULTS_PATH, lines.join("\n"));
}

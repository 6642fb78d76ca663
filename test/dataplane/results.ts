import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CheckResult } from "./evaluate.js";

// test/dataplane/RESULTS.md: the measured splits of the last run, written by the suite (never by hand)
// and quoted in the README's dataplane section.

const here = dirname(fileURLToPath(import.meta.url));
export const RESULTS_PATH = join(here, "RESULTS.md");
const README_PATH = join(here, "..", "..", "README.md");
const BEGIN = "<!-- dataplane-results:begin -->";
const END = "<!-- dataplane-results:end -->";

export interface RunFacts {
  readonly image: string;
  readonly kernel: string;
  readonly iptablesVersion: string;
  readonly nftVersion: string;
  readonly formats: readonly string[];
  readonly setupMs: number;
  readonly wallMs: number;
  /** The same probe against deliberately broken rules: must be rejected. */
  readonly negativeControl?: CheckResult;
  /** Golden files loaded into the kernel and listed back intact. */
  readonly golden: { readonly loaded: number; readonly total: number };
}

function row(r: CheckResult): string {
  const c = r.check;
  const target = `${c.protocol} ${c.address === "node" ? "node IP" : c.address}:${c.port}`;
  const stats = r.chiSquare === undefined ? "–" : r.chiSquare.toFixed(2);
  const fmt = (v: number) => (v < 1e-4 ? v.toExponential(1) : v.toFixed(3));
  const p = r.pValue === undefined ? "–" : `${fmt(r.pValue)}${r.firstSampleP === undefined ? "" : ` (2nd sample; 1st p = ${fmt(r.firstSampleP)})`}`;
  const split = r.split.length > 0 ? r.split.join(" / ") : "–";
  const verdict = r.problems.length === 0 ? "pass" : `**FAIL**: ${r.problems.join("; ").replaceAll("|", "\\|")}`;
  return `| ${r.format} | ${c.name} | ${c.from} → ${target} | ${r.connections} | ${split} | ${stats} | ${p} | ${r.elapsedMs} | ${verdict} |`;
}

function negativeLines(r: CheckResult | undefined): string[] {
  if (!r) return [];
  const verdict = r.problems.length > 0 ? "rejected, as it must be" : "**accepted — the harness cannot tell a broken cascade**";
  return [
    `Negative control: the iptables rules with every \`--probability\` replaced by 0.25, ${r.check.name}: split ${r.split.join(" / ")},`,
    `χ² = ${r.chiSquare?.toFixed(1)}, p = ${r.pValue?.toExponential(1)}: ${verdict}.`,
    "",
  ];
}

export function writeResults(results: readonly CheckResult[], facts: RunFacts): void {
  const lines = [
    "# Dataplane results (written by test/dataplane/dataplane.test.ts — do not edit)",
    "",
    `Node image \`${facts.image}\`, kernel ${facts.kernel}, ${facts.iptablesVersion}, ${facts.nftVersion}.`,
    `Formats: ${facts.formats.join(", ")}.`,
    `Containers up in ${(facts.setupMs / 1000).toFixed(1)} s; whole run ${(facts.wallMs / 1000).toFixed(1)} s.`,
    "",
    "Split = answers per expected endpoint; χ² against a uniform split over exactly those endpoints, p must be > 0.001",
    "(when p is the only problem, one fresh sample is judged instead: see test/dataplane/evaluate.ts).",
    "",
    "| format | check | path | connections | split | χ² | p | ms | result |",
    "|---|---|---|---:|---|---:|---:|---:|---|",
    ...results.map(row),
    "",
    ...negativeLines(facts.negativeControl),
    `Golden rulesets loaded into the node's kernel and listed back intact: ${facts.golden.loaded} of ${facts.golden.total}.`,
    "",
  ];
  writeFileSync(RESULTS_PATH, lines.join("\n"));
}

function cell(r: CheckResult | undefined): string {
  if (!r) return "–";
  const verdict = r.problems.length === 0 ? "" : " **FAIL**";
  if (r.check.kind === "refused") return r.problems.length === 0 ? `${r.connections} refused` : "**FAIL**";
  const p = r.pValue === undefined ? "" : ` (p ${r.pValue < 1e-4 ? r.pValue.toExponential(1) : r.pValue.toFixed(2)})`;
  return `${r.split.join("/")}${p}${verdict}`;
}

/** The README's copy: one row per check, one column per format (the block between the markers only). */
export function writeReadmeResults(results: readonly CheckResult[], facts: RunFacts): void {
  if (!existsSync(README_PATH)) return;
  const readme = readFileSync(README_PATH, "utf8");
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) return;
  const names = [...new Set(results.map((r) => r.check.name))];
  const table = [
    `${results.length} checks, ${results.reduce((n, r) => n + r.connections, 0)} connections, ` +
      `${results.filter((r) => r.problems.length === 0).length} passed; whole run ${(facts.wallMs / 1000).toFixed(0)} s; ` +
      `golden files loaded and listed back: ${facts.golden.loaded} of ${facts.golden.total}. Split = answers per endpoint.`,
    "",
    `| check | ${facts.formats.join(" | ")} |`,
    `|---|${facts.formats.map(() => "---").join("|")}|`,
    ...names.map((name) => `| ${name} | ${facts.formats.map((f) => cell(results.find((r) => r.check.name === name && r.format === f))).join(" | ")} |`),
  ];
  writeFileSync(README_PATH, `${readme.slice(0, begin + BEGIN.length)}\n${table.join("\n")}\n${readme.slice(end)}`);
}

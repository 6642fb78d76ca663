import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { settingsArgs, validCase, type GeneratedCase } from "../support/arbitraries.js";
import { parseIptablesRestore } from "../hostile/iptables-grammar.js";
import { corruptedCase } from "./corruptions.js";
import { checkInNetns, type KernelFormat, type KernelJob } from "./kernel-check.js";
import { compileAllFormats } from "./pipeline.js";
import { layOut, layoutArb, type Source } from "./sources.js";

// One fuzz campaign, shared by the CI-sized test (fuzz.test.ts) and long runs (run.ts): random valid
// snapshots through the CLI in every output format, then their output through the kernel's own
// checkers in one network namespace; random corruptions through the CLI's error path.

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
export type RunCli = (argv: readonly string[], files: readonly Source[]) => Promise<CliResult>;

export interface CampaignOptions {
  readonly valid: number;
  readonly corrupted: number;
  readonly seed: number;
  /** Output formats to fuzz (`iptables`, `nft`, `nft-kube`: those the CLI offers). */
  readonly formats: readonly string[];
  /** Run the kernel checkers (needs root + tools). */
  readonly kernel: boolean;
  readonly netnsPrefix: string;
  /** Services per generated snapshot (default 5). */
  readonly maxServices?: number;
}

export interface CampaignReport {
  readonly valid: number;
  readonly corrupted: number;
  readonly outputs: Readonly<Record<string, number>>;
  readonly kernelChecks: Readonly<Record<string, number>>;
  readonly failures: readonly string[];
}

interface Produced {
  readonly index: number;
  readonly c: GeneratedCase;
  readonly sources: readonly Source[];
  readonly format: string;
  readonly text: string;
}

function kernelFormat(format: string, family: "ipv4" | "ipv6"): KernelFormat {
  if (format === "iptables") return family === "ipv6" ? "ip6tables" : "iptables";
  return "nft";
}

/** Keeps a failing case's input files where a human can replay them. */
function saveCase(seed: number, p: Produced): string {
  const dir = join(tmpdir(), `kprc-fuzz-${seed}-${p.index}`);
  mkdirSync(dir, { recursive: true });
  for (const s of p.sources) writeFileSync(join(dir, s.name), s.text);
  writeFileSync(join(dir, "args"), `${[...settingsArgs(p.c.settings), "--format", p.format].join(" ")}\n`);
  writeFileSync(join(dir, `output.${p.format}`), p.text);
  return dir;
}

async function runValid(o: CampaignOptions, runCli: RunCli, produced: Produced[]): Promise<number> {
  let index = 0;
  await fc.assert(
    fc.asyncProperty(validCase({ maxServices: o.maxServices ?? 5 }).chain((c) => fc.record({ c: fc.constant(c), layout: layoutArb(c.objects.length) })), async ({ c, layout }) => {
      const sources = layOut(c.objects, layout);
      const i = index++;
      // The library API (loadSnapshot → compile → render) must print exactly what the CLI prints.
      const library = compileAllFormats(sources, c.settings);
      for (const format of o.formats) {
        const argv = ["compile", ...sources.map((s) => s.name), ...settingsArgs(c.settings), "--format", format];
        const r = await runCli(argv, sources);
        if (r.code !== 0 || r.stderr !== "") throw new Error(`valid case, --format ${format}: exit ${r.code}: ${r.stderr}`);
        if (format === "iptables") parseIptablesRestore(r.stdout);
        if (r.stdout !== library[format]) throw new Error(`--format ${format}: the CLI and the library API print different rules`);
        produced.push({ index: i, c, sources, format, text: r.stdout });
      }
    }),
    { numRuns: o.valid, seed: o.seed },
  );
  return index;
}

async function runCorrupted(o: CampaignOptions, runCli: RunCli): Promise<number> {
  let count = 0;
  await fc.assert(
    fc.asyncProperty(corruptedCase({ maxServices: o.maxServices ?? 5 }), async (c) => {
      count++;
      const sources = layOut(c.objects, { order: c.objects.map((_, i) => i), fileOf: c.objects.map((_, i) => (i === c.corruption.object ? 1 : 0)), shapes: ["list", "multidoc"] });
      const file = sources.find((s) => s.name.startsWith("part-1"))!.name;
      const r = await runCli(["compile", ...sources.map((s) => s.name), ...settingsArgs(c.settings)], sources);
      const where = `${c.corruption.field} = ${JSON.stringify(c.corruption.value)}`;
      if (r.code !== 2) throw new Error(`corrupted ${where}: exit ${r.code}, expected 2; stderr: ${r.stderr}`);
      if (r.stdout !== "") throw new Error(`corrupted ${where}: stdout is not empty`);
      const lines = r.stderr.split("\n");
      if (lines.length !== 2 || lines[1] !== "") throw new Error(`corrupted ${where}: stderr is not exactly one line: ${JSON.stringify(r.stderr)}`);
      if (!r.stderr.includes(file) || !r.stderr.includes(c.corruption.field)) throw new Error(`corrupted ${where}: error names neither ${file} nor the field: ${r.stderr}`);
    }),
    { numRuns: o.corrupted, seed: o.seed + 1 },
  );
  return count;
}

export async function runCampaign(o: CampaignOptions, runCli: RunCli): Promise<CampaignReport> {
  const produced: Produced[] = [];
  const failures: string[] = [];
  const valid = await runValid(o, runCli, produced);
  const corrupted = await runCorrupted(o, runCli);
  const outputs: Record<string, number> = {};
  for (const p of produced) outputs[p.format] = (outputs[p.format] ?? 0) + 1;
  const kernelChecks: Record<string, number> = {};
  if (o.kernel) {
    const jobs: KernelJob[] = produced.map((p, k) => ({ id: String(k), format: kernelFormat(p.format, p.c.settings.family), text: p.text }));
    for (const v of await checkInNetns(o.netnsPrefix, jobs)) {
      const key = `${produced[Number(v.id)]!.format}→${v.format}`;
      kernelChecks[key] = (kernelChecks[key] ?? 0) + 1;
      if (!v.ok) {
        const p = produced[Number(v.id)]!;
        failures.push(`seed ${o.seed}, valid case #${p.index}, --format ${p.format}: ${v.format} rejected it: ${v.stderr} (input saved in ${saveCase(o.seed, p)})`);
      }
    }
  }
  return { valid, corrupted, outputs, kernelChecks, failures };
}

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateServices, SHAPES, toJson, toYaml } from "./generate.js";
import { canLoad, timeDeltaLoad, timeFullLoad, type Loader } from "./kernel-load.js";
import type { DeltaMeasurement, Format, ShapeMeasurement } from "./measurements.js";
import { renderReport, type DeltaReport, type KernelLoads, type Machine, type ShapeReport } from "./report.js";
import type { Stats } from "./stats.js";

// `npm run bench`: measures every shape in its own child process (so peak RSS is honest), loads
// the outputs into throw-away network namespaces when root, runs the partial-sync benchmark and
// writes bench/RESULTS.md.
//   --runs N          timing runs per stage (default 5)
//   --kernel-runs N   kernel loads per payload (default 3)
//   --only a,b        only these shapes (names as in bench/generate.ts); `none` for the delta alone
//   --no-kernel       skip the kernel loads     --no-delta   skip the partial-sync benchmark
//   --out FILE        where to write the report (default bench/RESULTS.md)
//   --json FILE       also keep the raw measurements (written after every step)
//   --combine a,b     write the report from saved --json files instead of measuring (runs split
//                     across processes on a busy machine); later files win for the same shape
//   --kernel-timeout S  give up on one kernel load after S seconds (reported as "> S s")

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "kernel-runs": { type: "string", default: "3" },
    only: { type: "string" },
    "no-kernel": { type: "boolean", default: false },
    "no-delta": { type: "boolean", default: false },
    out: { type: "string", default: join(here, "RESULTS.md") },
    json: { type: "string" },
    combine: { type: "string" },
    "kernel-timeout": { type: "string", default: "180" },
  },
});
const runs = Number(args.runs);
const kernelRuns = Number(args["kernel-runs"]);
const kernelTimeoutMs = Number(args["kernel-timeout"]) * 1000;

function child<T>(script: string, childArgs: readonly string[]): T {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(here, script), ...childArgs], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) throw new Error(`${script} exited with ${r.status ?? r.signal}`);
  return JSON.parse(r.stdout) as T;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

const FILES: Readonly<Record<Format, string>> = { iptables: "full.iptables", nft: "full.nft", "nft-kube": "full.nft-kube" };
const loaderOf = (format: Format): Loader => (format === "iptables" ? "iptables-restore" : "nft");

async function kernelLoad(format: Format, dir: string): Promise<Stats | undefined> {
  const file = join(dir, FILES[format]);
  if (args["no-kernel"] || !canLoad(loaderOf(format)).ok || !existsSync(file)) return undefined;
  try {
    return await timeFullLoad(loaderOf(format), readFileSync(file, "utf8"), kernelRuns, kernelTimeoutMs);
  } catch (err) {
    log(`  ${format} kernel load failed: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}`);
    return undefined;
  }
}

async function measureShape(name: string, work: string): Promise<ShapeReport> {
  const shape = SHAPES.find((s) => s.name === name)!;
  const dir = mkdtempSync(join(work, "shape-"));
  const input = join(dir, "input.yaml");
  const jsonInput = join(dir, "input.json");
  const services = generateServices(shape);
  writeFileSync(input, toYaml(services));
  writeFileSync(jsonInput, toJson(services));
  log(`${name}: measuring`);
  try {
    const full = child<ShapeMeasurement>("measure-shape.ts", ["full", input, jsonInput, String(runs), dir]);
    const measurement = { ...full, peakRssJsonMB: child<{ peakRssMB: number }>("measure-shape.ts", ["rss", jsonInput]).peakRssMB };
    const kernel: KernelLoads = {
      iptables: await kernelLoad("iptables", dir),
      nft: await kernelLoad("nft", dir),
      nftKube: await kernelLoad("nft-kube", dir),
    };
    return { name, measurement, kernel };
  } catch (err) {
    return { name, kernel: {}, error: err instanceof Error ? err.message : String(err) };
  }
}

async function measureDelta(work: string): Promise<DeltaReport> {
  const dir = mkdtempSync(join(work, "delta-"));
  log("delta: measuring");
  try {
    const measurement = child<DeltaMeasurement>("measure-delta.ts", [String(runs), dir]);
    const kernel: Record<string, Stats> = {};
    let emptyLoad: Stats | undefined;
    if (!args["no-kernel"]) {
      for (const f of measurement.formats) {
        if (!canLoad(loaderOf(f.format)).ok) continue;
        const full = readFileSync(join(dir, `previous.${f.format}`), "utf8");
        try {
          kernel[f.format] = await timeDeltaLoad(loaderOf(f.format), full, readFileSync(join(dir, `delta.${f.format}`), "utf8"), kernelRuns, kernelTimeoutMs);
        } catch (err) {
          log(`  ${f.format} delta kernel load failed: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}`);
        }
      }
      if (canLoad("iptables-restore").ok) emptyLoad = await timeFullLoad("iptables-restore", "", kernelRuns, kernelTimeoutMs);
    }
    return { measurement, kernel, ...(emptyLoad ? { emptyLoad } : {}) };
  } catch (err) {
    return { kernel: {}, error: err instanceof Error ? err.message : String(err) };
  }
}

function toolVersion(cmd: string): string {
  const r = spawnSync(cmd, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().split("\n")[0]! : `${cmd}: not installed`;
}

const startLoad = loadavg()[0]!;

function machine(kernelNote: string): Machine {
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? "unknown CPU",
    cores: cpus().length,
    memoryGB: totalmem() / 2 ** 30,
    node: process.version,
    kernel: release(),
    iptables: toolVersion("iptables"),
    nft: toolVersion("nft"),
    runs,
    kernelRuns,
    kernelNote,
    load: `${startLoad.toFixed(1)} / ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
  };
}

interface SavedRun {
  readonly machine: Machine;
  readonly shapes: readonly ShapeReport[];
  readonly delta?: DeltaReport;
}

function combine(files: readonly string[]): void {
  const runs = files.map((f) => JSON.parse(readFileSync(f, "utf8")) as SavedRun);
  const shapes = new Map<string, ShapeReport>();
  let delta: DeltaReport = { kernel: {}, error: "not run" };
  for (const run of runs) {
    for (const shape of run.shapes) shapes.set(shape.name, shape);
    if (run.delta?.measurement) delta = run.delta;
  }
  const ordered = SHAPES.flatMap((s) => (shapes.has(s.name) ? [shapes.get(s.name)!] : []));
  const first = runs[0]!.machine;
  const loads = runs.map((r) => r.machine.load).join("; ");
  const kernelNotes = [...new Set(runs.map((r) => `${r.machine.kernelRuns} run(s): ${r.machine.kernelNote}`))].join("; ");
  const machineInfo: Machine = { ...first, load: `${loads} (${runs.length} runs, combined with --combine)`, kernelNote: kernelNotes };
  const report = renderReport(machineInfo, ordered, delta);
  writeFileSync(args.out, report);
  process.stdout.write(report);
}

async function main(): Promise<void> {
  if (args.combine) return combine(args.combine.split(","));
  // `--only none`: the partial-sync benchmark alone.
  const names = args.only === "none" ? [] : args.only ? args.only.split(",") : SHAPES.map((s) => s.name);
  const work = mkdtempSync(join(tmpdir(), "kprc-bench-"));
  try {
    const kernel = canLoad("iptables-restore");
    const note = args["no-kernel"] ? "skipped: --no-kernel" : kernel.ok ? "time includes `ip netns exec` start-up" : `skipped: ${kernel.reason}`;
    const shapes: ShapeReport[] = [];
    const pending: DeltaReport = { kernel: {}, error: "not run yet" };
    const save = (delta: DeltaReport) => {
      // Written after every step, so a long run that is cut short still leaves its numbers.
      writeFileSync(args.out, renderReport(machine(note), shapes, delta));
      if (args.json) writeFileSync(args.json, JSON.stringify({ machine: machine(note), shapes, delta } satisfies SavedRun));
    };
    for (const name of names) {
      shapes.push(await measureShape(name, work));
      save(pending);
    }
    const delta: DeltaReport = args["no-delta"] ? { kernel: {}, error: "skipped (--no-delta)" } : await measureDelta(work);
    save(delta);
    process.stdout.write(renderReport(machine(note), shapes, delta));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();

import { parseArgs } from "node:util";
import { kernelAvailability } from "../support/netns.js";
import { runCampaign } from "./campaign.js";
import { availableFormats, runCli } from "./cli-harness.js";
import { toolsFor } from "./kernel-check.js";

// Long fuzz runs: `npm run fuzz -- --runs 5000 --seed 42 [--corrupted N] [--formats iptables,nft]
// [--max-services 20] [--no-kernel] [--batch 500]`. Replays exactly with the same seed; the
// seed is printed first and again with any failure (fast-check adds the shrunk counterexample).

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1000" },
    corrupted: { type: "string" },
    seed: { type: "string" },
    formats: { type: "string" },
    "no-kernel": { type: "boolean", default: false },
    batch: { type: "string", default: "500" },
    "max-services": { type: "string", default: "5" },
  },
});

const runs = Number(values.runs);
const corrupted = Number(values.corrupted ?? runs * 2);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const formats = values.formats?.split(",") ?? availableFormats();
const batch = Math.max(1, Number(values.batch));
const kernel = kernelAvailability(toolsFor(["iptables", "ip6tables", "nft"]));
const useKernel = kernel.ok && !values["no-kernel"];

console.log(`kprc fuzz: seed ${seed}, ${runs} valid × [${formats.join(", ")}], ${corrupted} corrupted, kernel checks ${useKernel ? "on" : `off (${values["no-kernel"] ? "--no-kernel" : kernel.reason})`}`);
const started = Date.now();
const totals = { valid: 0, corrupted: 0, kernel: {} as Record<string, number> };
try {
  // Batches keep the temp directory and memory bounded; each batch has its own derived seed.
  for (let done = 0, b = 0; done < Math.max(runs, corrupted); done += batch, b++) {
    const report = await runCampaign(
      { valid: Math.max(0, Math.min(batch, runs - done)), corrupted: Math.max(0, Math.min(batch, corrupted - done)), seed: seed + b * 7919, formats, kernel: useKernel, netnsPrefix: "kz", maxServices: Number(values["max-services"]) },
      runCli,
    );
    totals.valid += report.valid;
    totals.corrupted += report.corrupted;
    for (const [k, n] of Object.entries(report.kernelChecks)) totals.kernel[k] = (totals.kernel[k] ?? 0) + n;
    if (report.failures.length > 0) {
      for (const f of report.failures) console.error(`FAIL ${f}`);
      throw new Error(`${report.failures.length} kernel rejections in batch ${b} (batch seed ${seed + b * 7919})`);
    }
    console.log(`  batch ${b}: ${totals.valid} valid, ${totals.corrupted} corrupted so far, kernel ${JSON.stringify(totals.kernel)}`);
  }
  console.log(`kprc fuzz: OK — seed ${seed}: ${totals.valid} valid, ${totals.corrupted} corrupted, kernel ${JSON.stringify(totals.kernel)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`kprc fuzz: FAILED with seed ${seed} (replay: npm run fuzz -- --runs ${runs} --seed ${seed})`);
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

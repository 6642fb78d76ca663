import { describe, expect, it } from "vitest";
import { kernelAvailability, requireKernelInCi } from "../support/netns.js";
import { runCampaign } from "./campaign.js";
import { availableFormats, runCli } from "./cli-harness.js";
import { toolsFor } from "./kernel-check.js";

// The CI-sized fuzz run: random valid snapshots in every output format must compile and be accepted
// by the kernel's own checkers (iptables-restore --test, ip6tables-restore --test, nft -c) in one
// network namespace; random corruptions must take the error path. `npm run fuzz` runs long ones.

const seed = Number(process.env.KPRC_FUZZ_SEED ?? 20261206);
const formats = availableFormats();
const kernel = kernelAvailability(toolsFor(["iptables", "ip6tables", "nft"]));
requireKernelInCi(kernel);

describe("fuzzing the CLI with random snapshots", () => {
  it(`100 valid cases compile in every format${kernel.ok ? " and pass the kernel checks" : ` (kernel checks skipped: ${kernel.reason})`}; 200 corrupted cases end with exit 2 and one line naming file and field`, async () => {
    const report = await runCampaign({ valid: 100, corrupted: 200, seed, formats, kernel: kernel.ok, netnsPrefix: "kz" }, (argv, files) => runCli(argv, files));
    console.log(`fuzz (seed ${seed}): ${report.valid} valid × [${formats.join(", ")}] = ${JSON.stringify(report.outputs)}, kernel checks ${JSON.stringify(report.kernelChecks)}, ${report.corrupted} corrupted`);
    expect(report.failures).toEqual([]);
    expect(report.valid).toBe(100);
    expect(report.corrupted).toBe(200);
    if (kernel.ok) expect(Object.values(report.kernelChecks).reduce((a, b) => a + b, 0)).toBe(100 * formats.length);
  }, 600_000);
});

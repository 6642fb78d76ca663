import { describe, expect, it } from "vitest";
import { probabilityText } from "../../src/model/probability.js";
import { randomThreshold } from "../../src/render/nft/threshold.js";
import { kernelAvailability, requireKernelInCi, withNetns } from "../support/netns.js";

// Ground truth for the probability → `meta random` conversion: load kube-proxy's statistic rules
// with iptables-nft-restore into a throw-away namespace and read what the kernel holds back.

const availability = kernelAvailability(["ip", "nft", "iptables-nft-restore"]);
requireKernelInCi(availability);

/** Cascade denominators kube-proxy writes (1/k), including the k = 2048 rounding tie. */
// 44, 51, 71, 124 and 141 are where the printed probability and the exact 1/k give different thresholds.
const KS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 33, 44, 51, 71, 100, 101, 124, 141, 997, 1000, 2048, 4096, 10000, 100000, 100001];

function payload(): string {
  const lines = ["*nat", ":KUBE-SVC-TEST - [0:0]", ":KUBE-SEP-TEST - [0:0]"];
  for (const k of KS) lines.push(`-A KUBE-SVC-TEST -m statistic --mode random --probability ${probabilityText(1 / k)} -j KUBE-SEP-TEST`);
  lines.push("COMMIT", "");
  return lines.join("\n");
}

describe.skipIf(!availability.ok)(`probability thresholds read back from the kernel${availability.ok ? "" : ` (skipped: ${availability.reason})`}`, () => {
  it("equal randomThreshold for every cascade probability kube-proxy writes", async () => {
    const listed = await withNetns("kn", (ns) => {
      ns.check("iptables-nft-restore", [], payload());
      return ns.check("nft", ["list", "chain", "ip", "nat", "KUBE-SVC-TEST"]);
    });
    const kernel = [...listed.matchAll(/meta random & 2147483647 < (\d+)/g)].map((m) => Number(m[1]));
    expect(kernel).toHaveLength(KS.length);
    expect(kernel).toEqual(KS.map((k) => randomThreshold(1 / k)));
    // The issue's example, spelled out.
    expect(kernel[KS.indexOf(3)]).toBe(715827883);
    expect(kernel[KS.indexOf(44)]).toBe(48806446);
  });
});

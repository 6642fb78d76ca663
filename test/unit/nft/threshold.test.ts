import { describe, expect, it } from "vitest";
import { randomThreshold } from "../../../src/render/nft/threshold.js";

// Values from the spec's table (kube-proxy-iptables.md §7), which match what iptables-nft stores
// (test/kernel/nft-threshold.test.ts reads them back from the kernel).
const SPEC_TABLE: [k: number, u: number][] = [
  [2, 1073741824],
  [3, 715827883],
  [4, 536870912],
  [5, 429496730],
  [6, 357913941],
  [7, 306783378],
  [8, 268435456],
  [9, 238609294],
  [10, 214748365],
  [100, 21474836],
  [2048, 1048576],
];

describe("randomThreshold", () => {
  it.each(SPEC_TABLE)("turns probability 1/%i into the kernel threshold %i", (k, u) => {
    expect(randomThreshold(1 / k)).toBe(u);
  });

  it("converts the printed 10-decimal probability, not the exact fraction", () => {
    // 2^31/44 = 48806446.55 → 48806447, but kube-proxy prints 0.0227272727, and
    // 0.0227272727 × 2^31 = 48806446.49 → 48806446, which is what the kernel holds.
    expect(randomThreshold(1 / 44)).toBe(48806446);
    expect(randomThreshold(1 / 51)).toBe(42107522);
    expect(randomThreshold(0.3333333333)).toBe(715827883);
  });

  it("gives the same threshold for a probability parsed back from kube-proxy's text", () => {
    for (let k = 2; k < 5000; k++) {
      const printed = Number((1 / k).toFixed(10));
      if (k === 2048) continue; // toFixed rounds this tie up, Go does not
      expect(randomThreshold(printed)).toBe(randomThreshold(1 / k));
    }
  });

  it("refuses probabilities outside (0, 1]", () => {
    expect(() => randomThreshold(0)).toThrow(/not in/);
    expect(() => randomThreshold(1.5)).toThrow(/not in/);
    expect(() => randomThreshold(Number.NaN)).toThrow(/not in/);
  });
});

import { describe, expect, it } from "vitest";
import { add, fraction, fractionText, kernelThreshold, numgenShare, percentText, ZERO } from "../../../src/read/fraction.js";

describe("kernel probabilities", () => {
  // spec §7: u = lround(p · 2^31) from the text kube-proxy writes, as libxt_statistic computes it.
  it.each([
    [2, 1073741824n],
    [3, 715827883n],
    [5, 429496730n],
    [6, 357913941n],
    [7, 306783378n],
    [9, 238609294n],
    [10, 214748365n],
    [100, 21474836n],
    [2048, 1048576n],
  ])("1/%i reaches the kernel as threshold %i", (k, u) => {
    expect(kernelThreshold(1 / k)).toBe(u);
  });

  it("reads iptables-save's 11-decimal print-back to the same threshold", () => {
    expect(kernelThreshold(0.33333333349)).toBe(715827883n);
    expect(kernelThreshold(0.16666666651)).toBe(357913941n);
  });

  it("splits numgen random mod 3 into the kernel's exact bucket sizes, summing to 1", () => {
    const shares = [0, 1, 2].map((i) => numgenShare(i, 3));
    expect(shares.map(fractionText)).toEqual(["715827883/2^31", "1431655765/2^32", "1431655765/2^32"]);
    expect(shares.reduce(add, ZERO)).toEqual(fraction(1n));
  });

  it("prints percentages with enough digits to see a 2^-31 difference", () => {
    expect(percentText(fraction(357913941n, 2n ** 31n))).toBe("16.666666651%");
    expect(percentText(fraction(-1n, 3n * 2n ** 31n))).toBe("-0.000000016%");
  });
});

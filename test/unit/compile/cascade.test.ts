import { describe, expect, it } from "vitest";
import { cascadeProbabilities, probabilityText } from "../../../src/compile/cascade.js";
import { goFixed } from "../../../src/model/probability.js";

describe("probability cascade", () => {
  it.each([
    [1, "1.0000000000"],
    [2, "0.5000000000"],
    [3, "0.3333333333"],
    [5, "0.2000000000"],
    [6, "0.1666666667"],
    [7, "0.1428571429"],
    [10, "0.1000000000"],
    [100, "0.0100000000"],
    [1000, "0.0010000000"],
    [10000, "0.0001000000"],
    [100000, "0.0000100000"],
    [100001, "0.0000099999"],
  ])("prints 1/%i as Go's %%0.10f does: %s", (k, text) => {
    expect(probabilityText(k)).toBe(text);
  });

  it("rounds the exact tie 1/2048 half-to-even like Go, not up like toFixed", () => {
    expect(probabilityText(2048)).toBe("0.0004882812");
    expect((1 / 2048).toFixed(10)).toBe("0.0004882813");
  });

  it("agrees with toFixed wherever there is no exact tie", () => {
    for (let k = 1; k <= 5000; k++) if (k !== 2048) expect(probabilityText(k)).toBe((1 / k).toFixed(10));
  });

  it("formats other precisions and integers", () => {
    expect(goFixed(2.5, 0)).toBe("2");
    expect(goFixed(3.5, 0)).toBe("4");
    expect(goFixed(0.125, 2)).toBe("0.12");
    expect(goFixed(12, 3)).toBe("12.000");
  });

  it("gives endpoint i of n the probability 1/(n-i) and the last endpoint none", () => {
    expect(cascadeProbabilities(3)).toEqual([1 / 3, 1 / 2, undefined]);
    expect(cascadeProbabilities(1)).toEqual([undefined]);
  });

  it("gives every endpoint exactly 1/n overall (exact rationals)", () => {
    for (const n of [1, 2, 3, 7, 16]) {
      let remainingNum = 1n;
      let remainingDen = 1n;
      const shares: [bigint, bigint][] = [];
      cascadeProbabilities(n).forEach((_, i) => {
        const k = BigInt(n - i);
        // this endpoint takes 1/k of what is left; the last takes all of it
        shares.push([remainingNum, remainingDen * k]);
        remainingNum *= k - 1n;
        remainingDen *= k;
      });
      for (const [num, den] of shares) expect(num * BigInt(n)).toBe(den);
    }
  });
});

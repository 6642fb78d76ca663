import { describe, expect, it } from "vitest";
import { chiSquareSurvival, logGamma, uniformityTest } from "./stats.js";

// Reference values: scipy.stats.chi2.sf / closed forms (sf(x, 2) = e^(-x/2), sf(x, 4) = e^(-x/2)(1 + x/2)).
function expectClose(actual: number, expected: number, relative = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * relative);
}

describe("χ² survival function", () => {
  it("gives 1 at zero for any degrees of freedom", () => {
    expect(chiSquareSurvival(0, 1)).toBe(1);
    expect(chiSquareSurvival(0, 7)).toBe(1);
  });

  it("matches the textbook 5% critical values", () => {
    expectClose(chiSquareSurvival(3.841458820694124, 1), 0.05);
    expectClose(chiSquareSurvival(7.814727903251178, 3), 0.05);
    expectClose(chiSquareSurvival(11.070497693516351, 5), 0.05);
  });

  it("matches the 0.1% critical value the suite uses as its threshold", () => {
    expectClose(chiSquareSurvival(16.266236196238129, 3), 0.001);
    expectClose(chiSquareSurvival(10.827566170662733, 1), 0.001);
  });

  it("matches the closed forms for two and four degrees of freedom", () => {
    for (const x of [0.1, 1, 2, 5, 30]) {
      expectClose(chiSquareSurvival(x, 2), Math.exp(-x / 2));
      expectClose(chiSquareSurvival(x, 4), Math.exp(-x / 2) * (1 + x / 2));
    }
  });

  it("stays accurate far in the tail, where a badly wrong cascade lands", () => {
    // sf(x, 1) = erfc(√(x/2)); sf(x, 3) = erfc(√(x/2)) + √(2x/π)·e^(-x/2)
    expectClose(chiSquareSurvival(100, 1), 1.5239706048320995e-23, 1e-7);
    expectClose(chiSquareSurvival(400, 3), 2.213886593101118e-86, 1e-6);
  });

  it("is the median at the median of χ²(1)", () => {
    expectClose(chiSquareSurvival(0.454936423119572, 1), 0.5);
  });
});

describe("ln Γ", () => {
  it("matches factorials and Γ(1/2) = √π", () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-12);
    expectClose(logGamma(5), Math.log(24));
    expectClose(logGamma(11), Math.log(3628800));
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI));
  });
});

describe("uniformity test", () => {
  it("gives χ² = 0 and p = 1 for a perfectly even split", () => {
    const t = uniformityTest([500, 500, 500, 500]);
    expect(t.chiSquare).toBe(0);
    expect(t.degreesOfFreedom).toBe(3);
    expect(t.pValue).toBe(1);
  });

  it("rejects the split a cascade of equal 1/4 probabilities produces", () => {
    // 2000 connections with every rule at 0.25: 500, 375, 281, 844 on average.
    const t = uniformityTest([500, 375, 281, 844]);
    expect(t.pValue).toBeLessThan(1e-50);
  });

  it("accepts ordinary sampling noise", () => {
    const t = uniformityTest([510, 488, 497, 505]);
    expectClose(t.chiSquare, (100 + 144 + 9 + 25) / 500);
    expect(t.pValue).toBeGreaterThan(0.5);
  });
});

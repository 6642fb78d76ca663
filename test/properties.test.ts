import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { allWithin, cascades, cascadeShares, frac, kernelThreshold, parseDecimal } from "./fuzz/cascade-math.js";
import { expectedPorts, sepDestinations, undeclaredTargets } from "./fuzz/expected-endpoints.js";
import { withNonCanonicalAddresses } from "./fuzz/noncanonical.js";
import { iptablesEndpointSets, nftKubeEndpointSets, nftThresholds } from "./fuzz/nft-cross.js";
import { compileAllFormats, compileIptables } from "./fuzz/pipeline.js";
import { layOut, layoutArb, singleFile } from "./fuzz/sources.js";
import { parseIptablesRestore } from "./hostile/iptables-grammar.js";
import { defaultSettings, validCase, type GeneratedCase } from "./support/arbitraries.js";

// Invariants of the whole pipeline (text → loadSnapshot → compile → render) over random valid
// snapshots covering every Service feature. KPRC_PROPERTY_RUNS raises the count for a long run.

const numRuns = Number(process.env.KPRC_PROPERTY_RUNS ?? 60);
const withLayout = validCase().chain((c) => fc.record({ c: fc.constant(c), layout: layoutArb(c.objects.length) }));
const rendered = (c: GeneratedCase): string => compileIptables(singleFile(c.objects), c.settings);

describe("properties of compiling random valid snapshots", () => {
  afterEach(() => vi.restoreAllMocks());

  it("shuffling the objects and splitting them across documents and files never changes the output, in any format", () => {
    fc.assert(
      fc.property(withLayout, ({ c, layout }) => {
        expect(compileAllFormats(layOut(c.objects, layout), c.settings)).toEqual(compileAllFormats(singleFile(c.objects), c.settings));
      }),
      { numRuns },
    );
  });

  it("spelling addresses non-canonically (FD00:0:…:A, 010.096.000.001) never changes the output", () => {
    fc.assert(
      fc.property(validCase(), (c) => {
        expect(compileAllFormats(singleFile(withNonCanonicalAddresses(c.objects)), c.settings)).toEqual(compileAllFormats(singleFile(c.objects), c.settings));
      }),
      { numRuns: Math.ceil(numRuns / 2) },
    );
  });

  it("loading the same dump twice gives the same output as loading it once", () => {
    fc.assert(
      fc.property(validCase(), (c) => {
        const twice = [...singleFile(c.objects, "a.yaml"), ...singleFile(c.objects, "b.yaml")];
        expect(compileIptables(twice, c.settings)).toBe(rendered(c));
      }),
      { numRuns: Math.ceil(numRuns / 3) },
    );
  });

  it("the output is deterministic: no clock, no randomness, same text every time", () => {
    fc.assert(
      fc.property(validCase(), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.integer({ min: 0, max: 2 ** 40 }), (c, random, now) => {
        const first = rendered(c);
        vi.spyOn(Math, "random").mockReturnValue(random);
        vi.spyOn(Date, "now").mockReturnValue(now);
        expect(rendered(c)).toBe(first);
        vi.restoreAllMocks();
      }),
      { numRuns: Math.ceil(numRuns / 3) },
    );
  });

  it("every line of the output is in the iptables-restore grammar and every jump target is declared", () => {
    fc.assert(
      fc.property(validCase(), (c) => {
        const text = rendered(c);
        expect(() => parseIptablesRestore(text)).not.toThrow();
        expect(undeclaredTargets(text)).toEqual([]);
      }),
      { numRuns },
    );
  });

  it("the printed cascade gives every endpoint 1/n, exactly up to the 10-decimal rounding (±1e-9·n)", () => {
    let checked = 0;
    fc.assert(
      fc.property(validCase(), (c) => {
        for (const cascade of cascades(parseIptablesRestore(rendered(c)))) {
          const n = cascade.endpoints.length;
          const shares = cascadeShares(cascade.probabilities.map(parseDecimal));
          expect(allWithin(shares, frac(BigInt(n), 10n ** 9n)), `${cascade.chain}: ${cascade.probabilities.join(", ")}`).toBe(true);
          checked++;
        }
      }),
      { numRuns },
    );
    expect(checked).toBeGreaterThan(0);
  });

  it("the kernel's quantised thresholds u/2^31 give every endpoint 1/n within 2^-31·n", () => {
    fc.assert(
      fc.property(validCase(), (c) => {
        for (const cascade of cascades(parseIptablesRestore(rendered(c)))) {
          const n = cascade.endpoints.length;
          const quantised = cascade.probabilities.map((p) => frac(kernelThreshold(parseDecimal(p)), 2n ** 31n));
          expect(allWithin(cascadeShares(quantised), frac(BigInt(n), 2n ** 31n)), cascade.chain).toBe(true);
        }
      }),
      { numRuns },
    );
  });

  it("--format nft carries, for every printed probability, the threshold the kernel derives from it", () => {
    let compared = 0;
    fc.assert(
      fc.property(validCase(), (c) => {
        const out = compileAllFormats(singleFile(c.objects), c.settings);
        if (out.nft === undefined) return;
        const thresholds = nftThresholds(out.nft);
        for (const cascade of cascades(parseIptablesRestore(out.iptables!))) {
          expect(thresholds.get(cascade.chain) ?? [], cascade.chain).toEqual(cascade.probabilities.map((p) => kernelThreshold(parseDecimal(p))));
          compared += cascade.probabilities.length;
        }
      }),
      { numRuns },
    );
    expect(compared).toBeGreaterThan(0);
  });

  it("--format nft-kube spreads every service port over the same endpoints as the iptables cascade", () => {
    let compared = 0;
    fc.assert(
      fc.property(validCase().filter((c) => c.settings.largeClusterThreshold === undefined), (c) => {
        const out = compileAllFormats(singleFile(c.objects), c.settings);
        if (out["nft-kube"] === undefined) return;
        const rules = parseIptablesRestore(out.iptables!);
        expect(nftKubeEndpointSets(out["nft-kube"], "service-")).toEqual(iptablesEndpointSets(rules, "KUBE-SVC-"));
        expect(nftKubeEndpointSets(out["nft-kube"], "local-")).toEqual(iptablesEndpointSets(rules, "KUBE-SVL-"));
        compared += iptablesEndpointSets(rules, "KUBE-SVC-").size + iptablesEndpointSets(rules, "KUBE-SVL-").size;
      }),
      { numRuns },
    );
    expect(compared).toBeGreaterThan(0);
  });

  it("large cascades (up to 300 endpoints, and 2048 where Go and JS round differently) still give every endpoint 1/n", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 2, max: 300 }), fc.constantFrom(1001, 2048)), (n) => {
        const endpoints = Array.from({ length: n }, (_, i) => ({ addresses: [`10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`] }));
        const objects = [
          { apiVersion: "v1", kind: "Service", metadata: { name: "big", namespace: "ns" }, spec: { clusterIP: "10.96.0.1", clusterIPs: ["10.96.0.1"], ports: [{ port: 80, protocol: "TCP", targetPort: 80 }] } },
          {
            apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice", addressType: "IPv4",
            metadata: { name: "big-1", namespace: "ns", labels: { "kubernetes.io/service-name": "big" } },
            ports: [{ port: 80, protocol: "TCP" }],
            endpoints,
          },
        ];
        const [cascade] = cascades(parseIptablesRestore(compileIptables(singleFile(objects), defaultSettings)));
        expect(cascade?.endpoints.length).toBe(n);
        expect(allWithin(cascadeShares(cascade!.probabilities.map(parseDecimal)), frac(BigInt(n), 10n ** 9n))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it("every ready endpoint gets a KUBE-SEP chain (serving+terminating ones when none is ready), and no other endpoint does", () => {
    let plainPorts = 0;
    fc.assert(
      // Large-cluster mode drops the per-endpoint comments this check reads the service port from.
      fc.property(validCase().filter((c) => c.settings.largeClusterThreshold === undefined), (c) => {
        const seps = sepDestinations(parseIptablesRestore(rendered(c)));
        for (const port of expectedPorts(c.objects, c.settings.family)) {
          const got = seps.get(port.spn) ?? new Set<string>();
          for (const ep of got) expect(port.usable.has(ep), `${port.spn} -> ${ep} is neither ready nor serving+terminating`).toBe(true);
          if (!port.plain) continue;
          plainPorts++;
          expect([...got].sort(), port.spn).toEqual([...port.chosen].sort());
        }
      }),
      { numRuns },
    );
    expect(plainPorts).toBeGreaterThan(0);
  });
});

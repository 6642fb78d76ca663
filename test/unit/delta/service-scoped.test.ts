import { describe, expect, it } from "vitest";
import { generateServices, toSnapshot, withOneMoreEndpoint, type Shape } from "../../../bench/generate.js";
import { compileDelta } from "../../../src/compile/delta.js";
import { serviceScopedDelta } from "../../../src/compile/delta/service-scoped.js";
import { compile } from "../../../src/compile/index.js";
import { compileNftKube } from "../../../src/compile/nft-kube/index.js";
import { deltaConfig, deltaScenarios } from "./scenarios.js";

// The service-scoped fast path must give exactly what diffing the full rulesets gives.

const compilers = [
  { name: "iptables layout", compiler: compile },
  { name: "nft-kube layout", compiler: compileNftKube },
];

describe("the service-scoped delta", () => {
  for (const { name, compiler } of compilers) {
    for (const scenario of deltaScenarios) {
      it(`equals the full diff (${name}) when ${scenario.name}, at every large-cluster threshold around the endpoint count`, () => {
        for (let threshold = -1; threshold <= 12; threshold++) {
          const config = { ...deltaConfig, largeClusterEndpointsThreshold: threshold };
          const fast = compileDelta(scenario.previous, scenario.next, config, { compiler });
          const full = compileDelta(scenario.previous, scenario.next, config, { compiler, strategy: "full" });
          expect(fast, `threshold ${threshold}`).toEqual(full);
        }
      });
    }
  }

  it("is taken for endpoint churn", () => {
    const s = deltaScenarios.find((x) => x.name === "an endpoint is added")!;
    expect(serviceScopedDelta(s.previous, s.next, deltaConfig, compile)).toBeDefined();
  });

  it("gives way to the full diff when a service is added, because KUBE-SERVICES changes", () => {
    const s = deltaScenarios.find((x) => x.name === "a service is added")!;
    expect(serviceScopedDelta(s.previous, s.next, deltaConfig, compile)).toBeUndefined();
  });

  it("gives way to the full diff when the nodes changed", () => {
    const s = deltaScenarios[0]!;
    const next = { ...s.next, nodes: [{ ...s.next.nodes[0]!, labels: { "topology.kubernetes.io/zone": "b" } }] };
    expect(serviceScopedDelta(s.previous, next, deltaConfig, compile)).toBeUndefined();
  });

  it("gives way to the full diff when one endpoint more crosses the large-cluster threshold", () => {
    const s = deltaScenarios.find((x) => x.name === "an endpoint is added")!;
    const total = 7; // web 2 + api 3 + lb 2 endpoints, one port each
    const config = { ...deltaConfig, largeClusterEndpointsThreshold: total };
    expect(serviceScopedDelta(s.previous, s.next, config, compile)).toBeUndefined();
    expect(compileDelta(s.previous, s.next, config)).toEqual(compileDelta(s.previous, s.next, config, { strategy: "full" }));
  });

  it("equals the full diff on a generated cluster of 200 services in large-cluster mode", () => {
    const shape: Shape = { name: "t", services: 200, endpointsPerService: 8, portsPerService: 2, mix: { nodePort: 0.3, loadBalancer: 0.2 }, seed: 11 };
    const services = generateServices(shape);
    const previous = toSnapshot(services);
    const next = toSnapshot(withOneMoreEndpoint(services, 17));
    const config = { ...deltaConfig, nodeName: "bench-node-0" };
    for (const { compiler } of compilers) {
      const fast = compileDelta(previous, next, config, { compiler });
      expect(fast.tables.length).toBeGreaterThan(0);
      expect(fast).toEqual(compileDelta(previous, next, config, { compiler, strategy: "full" }));
    }
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../../src/compile/index.js";
import type { Snapshot } from "../../../src/model/snapshot.js";
import { iptablesText } from "../../../src/render/iptables/index.js";
import { endpoint, fakeProxierConfig, port, service, slice, snapshot } from "../../kube-proxy/builders.js";
import { canonicalIptables } from "../../support/kube-proxy-canonical.js";

// compile is a function of the objects, not of their order: shuffling services, slices (including
// two slices carrying the same endpoint) and endpoints inside a slice never changes the output.

const base = snapshot(
  [
    service("ns2", "b", { type: "LoadBalancer", clusterIPs: ["172.30.0.2"], ports: [port("p", 80, { nodePort: 30080 }), port("q", 53, { protocol: "udp" })], loadBalancerIngress: [{ ip: "1.2.3.4" }], externalTrafficPolicy: "Local" }),
    service("ns1", "a", { clusterIPs: ["172.30.0.1"], ports: [port("p", 80)], sessionAffinity: { timeoutSeconds: 60 } }),
    service("ns1", "c", { clusterIPs: ["172.30.0.3"], ports: [port("", 8080)] }),
  ],
  [
    slice("ns2", "b", 1, [{ name: "p", port: 8080 }, { name: "q", port: 53, protocol: "udp" }], [endpoint("10.0.0.1", { nodeName: "test-node" }), endpoint("10.0.0.11")]),
    slice("ns2", "b", 2, [{ name: "p", port: 8080 }, { name: "q", port: 53, protocol: "udp" }], [endpoint("10.0.0.11", { ready: false, terminating: true }), endpoint("10.0.0.2")]),
    slice("ns1", "a", 1, [{ name: "p", port: 80 }], [endpoint("10.0.1.5"), endpoint("10.0.1.10"), endpoint("10.0.1.9")]),
  ],
);

const text = (s: Snapshot) => iptablesText(compile(s, fakeProxierConfig()));

describe("determinism", () => {
  it("gives the same payload for any order of the input objects", () => {
    const expected = text(base);
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...base.services], { minLength: base.services.length }),
        fc.shuffledSubarray([...base.endpointSlices], { minLength: base.endpointSlices.length }),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        (services, slices, seeds) => {
          const shuffled = slices.map((s, i) => {
            const eps = [...s.endpoints];
            const k = (seeds[i] ?? 0) % Math.max(eps.length, 1);
            return { ...s, endpoints: [...eps.slice(k), ...eps.slice(0, k)] };
          });
          expect(text({ services, endpointSlices: shuffled, nodes: [] })).toBe(expected);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("canonical order", () => {
  it("already writes kube-proxy's canonical test order, so sortIPTablesRules changes nothing", () => {
    for (const overrides of [{}, { localhostNodePorts: false }, { masqueradeAll: true, nfacct: false }]) {
      const out = iptablesText(compile(base, fakeProxierConfig(overrides)));
      expect(canonicalIptables(out)).toBe(out);
    }
  });
});

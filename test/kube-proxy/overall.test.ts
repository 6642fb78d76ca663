import { describe, expect, it } from "vitest";
import { endpoint, port, service, slice, snapshot } from "./builders.js";
import { canonicalIptables } from "../support/kube-proxy-canonical.js";
import { compileFake, kubeProxyExpected, payload } from "./dumps.js";
import { kubeProxyFlows, runFlows } from "./flows.js";

// proxier_test.go TestOverallIPTablesRules (spec §15): six services covering ClusterIP, LB with
// eTP=Local and no local endpoints, NodePort, external IPs, LB with source ranges and affinity, and
// no endpoints. kube-proxy's expected text (test/kube-proxy-expected/overall.iptables) is compared byte
// for byte.

const p80 = [{ name: "p80", port: 80 }];

const input = snapshot(
  [
    service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("p80", 80)] }),
    service("ns2", "svc2", {
      type: "LoadBalancer",
      clusterIPs: ["172.30.0.42"],
      ports: [port("p80", 80, { nodePort: 3001 })],
      externalIPs: ["192.168.99.22"],
      loadBalancerIngress: [{ ip: "1.2.3.4" }],
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 30000,
    }),
    service("ns3", "svc3", { type: "NodePort", clusterIPs: ["172.30.0.43"], ports: [port("p80", 80, { nodePort: 3003 })] }),
    service("ns4", "svc4", { type: "NodePort", clusterIPs: ["172.30.0.44"], ports: [port("p80", 80)], externalIPs: ["192.168.99.33"] }),
    service("ns5", "svc5", {
      type: "LoadBalancer",
      clusterIPs: ["172.30.0.45"],
      ports: [port("p80", 80, { nodePort: 3002 })],
      loadBalancerIngress: [{ ip: "5.6.7.8" }],
      loadBalancerSourceRanges: [" 203.0.113.0/25"],
      healthCheckNodePort: 30000,
      sessionAffinity: { timeoutSeconds: 10800 },
    }),
    service("ns6", "svc6", { clusterIPs: ["172.30.0.46"], ports: [port("p80", 80)] }),
  ],
  [
    slice("ns1", "svc1", 1, p80, [endpoint("10.180.0.1")]),
    slice("ns2", "svc2", 1, p80, [endpoint("10.180.0.2")]),
    slice("ns3", "svc3", 1, p80, [endpoint("10.180.0.3")]),
    slice("ns4", "svc4", 1, p80, [endpoint("10.180.0.4"), endpoint("10.180.0.5", { nodeName: "test-node" })]),
    slice("ns5", "svc5", 1, p80, [endpoint("10.180.0.3")]),
  ],
);

const want = kubeProxyExpected("overall.iptables");

describe("TestOverallIPTablesRules", () => {
  const text = payload(input);

  it("matches kube-proxy's expected dump after its canonical sort", () => {
    expect(canonicalIptables(text)).toBe(want);
  });

  it("is already in kube-proxy's canonical order, so it equals the expected dump with no sorting", () => {
    expect(text).toBe(want);
  });
});

describe("TestTracePacket flows over TestOverallIPTablesRules' input", () => {
  runFlows(() => compileFake(input), kubeProxyFlows("TestTracePacket (over TestOverallIPTablesRules' payload)"));
});

import { describe, expect, it } from "vitest";
import { endpoint, port, service, slice, snapshot } from "./builders.js";
import { canonicalIptables } from "../support/kube-proxy-canonical.js";
import { kubeProxyExpected, payload, withoutChains } from "./dumps.js";

// Full-payload expectations from proxier_test.go besides TestOverallIPTablesRules (kube-proxy's text in
// test/kube-proxy-expected/), against snapshots built in code.

describe("TestBadIPs", () => {
  // Leading zeros in every address field are read as decimal and printed normalised.
  const input = snapshot(
    [
      service("ns1", "svc1", {
        type: "LoadBalancer",
        clusterIPs: ["172.30.0.041"],
        ports: [port("p80", 80, { nodePort: 3001 })],
        loadBalancerIngress: [{ ip: "1.2.3.004" }],
        externalIPs: ["192.168.099.022"],
        loadBalancerSourceRanges: ["203.0.113.000/025"],
      }),
    ],
    [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.00.001")])],
  );
  const want = kubeProxyExpected("bad-ips.iptables");

  it("normalises leading zeros exactly as kube-proxy's expected dump shows", () => {
    const text = payload(input);
    expect(canonicalIptables(text)).toBe(want);
    expect(text).toBe(want);
  });
});

describe("TestSyncProxyRulesRepeated", () => {
  const svc1 = service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("p80", 80)] });
  const svc2 = service("ns2", "svc2", { clusterIPs: ["172.30.0.42"], ports: [port("p8080", 8080)] });
  const svc3 = service("ns3", "svc3", { clusterIPs: ["172.30.0.43"], ports: [port("p80", 80)] });
  const eps1 = slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.0.1.1")]);
  const eps2 = slice("ns2", "svc2", 1, [{ name: "p8080", port: 8080 }], [endpoint("10.0.2.1")]);
  const eps3 = slice("ns3", "svc3", 1, [{ name: "p80", port: 80 }], [endpoint("10.0.3.2"), endpoint("10.0.3.3")]);
  // svc4 was deleted but its slice is still there: endpoints without a service write nothing.
  const eps4 = slice("ns4", "svc4", 1, [{ name: "p80", port: 80 }], [endpoint("10.0.4.1")]);
  // The final resync flushes and deletes the chains of svc4's ports, which an earlier sync wrote.
  const staleChains = ["KUBE-SEP-AYCN5HPXMIRJNJXU", "KUBE-SVC-4SW47YFZTEDKD3PK"];

  it("writes the first (full) sync exactly as kube-proxy's expected dump", () => {
    const want = kubeProxyExpected("sync-repeated.iptables");
    expect(payload(snapshot([svc1, svc2], [eps1, eps2]))).toBe(want);
  });

  it("writes the final full resync's rules exactly (its two -X lines come from the previous state, which compile does not know)", () => {
    const want = withoutChains(kubeProxyExpected("sync-repeated-final.iptables"), staleChains);
    expect(payload(snapshot([svc1, svc3], [eps1, eps3, eps4]))).toBe(want);
  });
});

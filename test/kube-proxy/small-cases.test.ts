import { describe, expect, it } from "vitest";
import { endpointsForServicePort } from "../../src/compile/endpoints.js";
import { endpoint, port, service, slice, snapshot } from "./builders.js";
import { chainRules } from "../support/kube-proxy-canonical.js";
import { payload } from "./dumps.js";

// Smaller proxier_test.go cases: TestLoadBalancerIngressRouteTypeProxy and the end state of
// TestUpdateEndpointsMap's "complex add and remove" case.

describe("TestLoadBalancerIngressRouteTypeProxy", () => {
  it.each([
    ["ipMode Proxy", "10.20.30.41", "1.2.3.4", "Proxy", false],
    ["ipMode VIP", "10.20.30.42", "1.2.3.5", "VIP", true],
    ["ipMode nil", "10.20.30.43", "1.2.3.6", undefined, true],
  ] as const)("%s: LB IP rule present = %s", (_name, clusterIP, lbIP, ipMode, expected) => {
    const input = snapshot(
      [
        service("ns1", "svc1", {
          type: "LoadBalancer",
          clusterIPs: [clusterIP],
          ports: [port("p80", 80, { nodePort: 3001 })],
          loadBalancerIngress: [ipMode === undefined ? { ip: lbIP } : { ip: lbIP, ipMode }],
        }),
      ],
      [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.0.1")])],
    );
    expect(chainRules(payload(input), "nat", "KUBE-SERVICES").includes(` -d ${lbIP} `)).toBe(expected);
  });
});

describe("TestUpdateEndpointsMap: complex add and remove (final state)", () => {
  const udp = (name: string, p: number) => ({ name, port: p, protocol: "udp" as const });
  const slices = {
    ns1: [slice("ns1", "ep1", 1, [udp("p11", 11)], [endpoint("10.1.1.1"), endpoint("10.1.1.11")]), slice("ns1", "ep1", 2, [udp("p12", 12), udp("p122", 122)], [endpoint("10.1.1.2")])],
    ns3: [slice("ns3", "ep3", 1, [udp("p33", 33)], [endpoint("10.3.3.3")])],
    ns4: [slice("ns4", "ep4", 1, [udp("p44", 44)], [endpoint("10.4.4.4", { nodeName: "test-node" })])],
  };
  const eps = (ns: keyof typeof slices, svc: string, portName: string) =>
    endpointsForServicePort(slices[ns], { namespace: ns, service: svc, portName, protocol: "udp" }, "test-node").map((e) => ({ endpoint: e.address, isLocal: e.isLocal }));

  it("lists each port's endpoints in kube-proxy's order with locality", () => {
    expect(eps("ns1", "ep1", "p11")).toEqual([{ endpoint: "10.1.1.11:11", isLocal: false }, { endpoint: "10.1.1.1:11", isLocal: false }]);
    expect(eps("ns1", "ep1", "p12")).toEqual([{ endpoint: "10.1.1.2:12", isLocal: false }]);
    expect(eps("ns1", "ep1", "p122")).toEqual([{ endpoint: "10.1.1.2:122", isLocal: false }]);
    expect(eps("ns3", "ep3", "p33")).toEqual([{ endpoint: "10.3.3.3:33", isLocal: false }]);
    expect(eps("ns4", "ep4", "p44")).toEqual([{ endpoint: "10.4.4.4:44", isLocal: true }]);
  });
});

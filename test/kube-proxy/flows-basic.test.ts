import { describe } from "vitest";
import { endpoint, port, service, slice, snapshot } from "./builders.js";
import { compileFake } from "./dumps.js";
import { kubeProxyFlows, runFlows } from "./flows.js";
import { clusterIPGeneralInput, externalTrafficPolicyInput, noEndpointsRejectInput } from "./inputs.js";

// Packet-flow cases of proxier_test.go (kube-proxy's flows, test/kube-proxy-expected/flows.ts), traced
// through kprc's rules for the same objects built in code.

const testNodeIP = "192.168.0.2";
const p80 = [{ name: "p80", port: 80 }];

describe("TestNoEndpointsReject", () => {
  runFlows(() => compileFake(noEndpointsRejectInput), kubeProxyFlows("TestNoEndpointsReject"));
});

describe("TestClusterIPGeneral", () => {
  runFlows(() => compileFake(clusterIPGeneralInput), kubeProxyFlows("TestClusterIPGeneral"));
});

describe("TestLoadBalancer", () => {
  const input = snapshot(
    [
      service("ns1", "svc1", {
        type: "LoadBalancer",
        clusterIPs: ["172.30.0.41"],
        ports: [port("p80", 80, { nodePort: 3001 })],
        loadBalancerIngress: [{ ip: "1.2.3.4" }, { ip: "5.6.7.8" }],
        loadBalancerSourceRanges: ["192.168.0.0/24", " 203.0.113.0/25"],
      }),
    ],
    [slice("ns1", "svc1", 1, p80, [endpoint("10.180.0.1")])],
  );
  runFlows(() => compileFake(input), kubeProxyFlows("TestLoadBalancer"));
});

describe("TestHealthCheckNodePort", () => {
  const input = snapshot([
    service("ns1", "svc1", {
      type: "LoadBalancer",
      clusterIPs: ["172.30.0.42"],
      ports: [port("p80", 80, { nodePort: 3001 })],
      healthCheckNodePort: 30000,
      externalTrafficPolicy: "Local",
    }),
  ]);
  runFlows(() => compileFake(input, { nodePortAddresses: ["127.0.0.0/8"] }), kubeProxyFlows("TestHealthCheckNodePort"));
  runFlows(() => compileFake(snapshot([]), { nodePortAddresses: ["127.0.0.0/8"] }), [
    { name: "HealthCheckNodePort no longer has any rule", sourceIP: "1.2.3.4", destIP: testNodeIP, destPort: 30000, output: "" },
  ]);
});

describe.each([
  ["TestExternalTrafficPolicyLocal", "Local"],
  ["TestExternalTrafficPolicyCluster", "Cluster"],
] as const)("%s", (kubeProxyTest, policy) => {
  runFlows(() => compileFake(externalTrafficPolicyInput(policy)), kubeProxyFlows(kubeProxyTest));
});

import { describe } from "vitest";
import { endpoint, port, service, slice, snapshot } from "./builders.js";
import { compileFake } from "./dumps.js";
import { kubeProxyFlows, runFlows } from "./flows.js";

// Packet-flow cases of proxier_test.go (kube-proxy's flows, test/kube-proxy-expected/flows.ts), traced
// through kprc's rules for the same objects built in code.

const testNodeIP = "192.168.0.2";
const p80 = [{ name: "p80", port: 80 }];

describe("TestNoEndpointsReject", () => {
  const input = snapshot([
    service("ns1", "svc1", {
      type: "LoadBalancer",
      clusterIPs: ["172.30.0.41"],
      externalIPs: ["192.168.99.11"],
      ports: [port("p80", 80, { nodePort: 3001 })],
      loadBalancerIngress: [{ ip: "1.2.3.4" }],
    }),
  ]);
  runFlows(() => compileFake(input), kubeProxyFlows("TestNoEndpointsReject"));
});

describe("TestClusterIPGeneral", () => {
  const ports = [
    { name: "http", port: 80 },
    { name: "https", port: 8443 },
    { name: "dns-udp", port: 53, protocol: "udp" as const },
    { name: "dns-tcp", port: 5353 },
    { name: "dns-sctp", port: 53, protocol: "sctp" as const },
  ];
  const input = snapshot(
    [
      service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("http", 80)] }),
      service("ns2", "svc2", {
        clusterIPs: ["172.30.0.42"],
        ports: [
          port("http", 80),
          port("https", 443, { targetPort: 8443 }),
          port("dns-udp", 53, { protocol: "udp" }),
          port("dns-tcp", 53, { targetPort: 5353 }),
          port("dns-sctp", 53, { protocol: "sctp" }),
        ],
      }),
    ],
    [
      slice("ns1", "svc1", 1, [{ name: "http", port: 80 }], [endpoint("10.180.0.1", { nodeName: "test-node" })]),
      slice("ns2", "svc2", 1, ports, [endpoint("10.180.0.1", { nodeName: "test-node" }), endpoint("10.180.2.1", { nodeName: "node2" })]),
    ],
  );
  runFlows(() => compileFake(input), kubeProxyFlows("TestClusterIPGeneral"));
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
  const input = snapshot(
    [
      service("ns1", "svc1", {
        type: "LoadBalancer",
        externalTrafficPolicy: policy,
        clusterIPs: ["172.30.0.41"],
        externalIPs: ["192.168.99.11"],
        ports: [port("p80", 80, { nodePort: 3001 })],
        healthCheckNodePort: policy === "Local" ? 30000 : undefined,
        loadBalancerIngress: [{ ip: "1.2.3.4" }],
      }),
    ],
    [slice("ns1", "svc1", 1, p80, [endpoint("10.180.0.1"), endpoint("10.180.2.1", { nodeName: "test-node" })])],
  );
  runFlows(() => compileFake(input), kubeProxyFlows(kubeProxyTest));
});

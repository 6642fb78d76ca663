import { describe } from "vitest";
import { endpoint, port, service, slice, snapshot } from "./builders.js";
import { compileFake, runFlows } from "./flows.js";

// Packet-flow cases of proxier_test.go, traced through kprc's rules.

const testNodeIP = "192.168.0.2";
const externalClient = "203.0.113.2";
const blockedClient = "203.0.113.130";
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
  runFlows(() => compileFake(input), [
    { name: "pod to cluster IP with no endpoints", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: "REJECT" },
    { name: "external to external IP with no endpoints", sourceIP: externalClient, destIP: "192.168.99.11", destPort: 80, output: "REJECT" },
    { name: "pod to NodePort with no endpoints", sourceIP: "10.0.0.2", destIP: testNodeIP, destPort: 3001, output: "REJECT" },
    { name: "external to NodePort with no endpoints", sourceIP: externalClient, destIP: testNodeIP, destPort: 3001, output: "REJECT" },
    { name: "pod to LoadBalancer IP with no endpoints", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: "REJECT" },
    { name: "external to LoadBalancer IP with no endpoints", sourceIP: externalClient, destIP: "1.2.3.4", destPort: 80, output: "REJECT" },
  ]);
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
  runFlows(() => compileFake(input), [
    { name: "simple clusterIP", sourceIP: "10.180.0.2", destIP: "172.30.0.41", destPort: 80, output: "10.180.0.1:80" },
    { name: "hairpin to cluster IP", sourceIP: "10.180.0.1", destIP: "172.30.0.41", destPort: 80, output: "10.180.0.1:80", masq: true },
    { name: "clusterIP with multiple endpoints", sourceIP: "10.180.0.2", destIP: "172.30.0.42", destPort: 80, output: "10.180.0.1:80, 10.180.2.1:80" },
    { name: "clusterIP with TargetPort", sourceIP: "10.180.0.2", destIP: "172.30.0.42", destPort: 443, output: "10.180.0.1:8443, 10.180.2.1:8443" },
    { name: "TCP on a port shared with UDP and SCTP", sourceIP: "10.180.0.2", protocol: "tcp", destIP: "172.30.0.42", destPort: 53, output: "10.180.0.1:5353, 10.180.2.1:5353" },
    { name: "UDP on a port shared with TCP and SCTP", sourceIP: "10.180.0.2", protocol: "udp", destIP: "172.30.0.42", destPort: 53, output: "10.180.0.1:53, 10.180.2.1:53" },
    { name: "SCTP on a port shared with TCP and UDP", sourceIP: "10.180.0.2", protocol: "sctp", destIP: "172.30.0.42", destPort: 53, output: "10.180.0.1:53, 10.180.2.1:53" },
    { name: "TCP-only port does not match UDP traffic", sourceIP: "10.180.0.2", protocol: "udp", destIP: "172.30.0.42", destPort: 80, output: "" },
    { name: "svc1 does not accept svc2's ports", sourceIP: "10.180.0.2", destIP: "172.30.0.41", destPort: 443, output: "" },
  ]);
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
  const ep = "10.180.0.1:80";
  runFlows(() => compileFake(input), [
    { name: "pod to cluster IP", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: ep },
    { name: "external to nodePort", sourceIP: externalClient, destIP: testNodeIP, destPort: 3001, output: ep, masq: true },
    { name: "nodePort bypasses LoadBalancerSourceRanges", sourceIP: blockedClient, destIP: testNodeIP, destPort: 3001, output: ep, masq: true },
    { name: "accepted external to LB1", sourceIP: externalClient, destIP: "1.2.3.4", destPort: 80, output: ep, masq: true },
    { name: "accepted external to LB2", sourceIP: externalClient, destIP: "5.6.7.8", destPort: 80, output: ep, masq: true },
    { name: "blocked external to LB1", sourceIP: blockedClient, destIP: "1.2.3.4", destPort: 80, output: "DROP" },
    { name: "blocked external to LB2", sourceIP: blockedClient, destIP: "5.6.7.8", destPort: 80, output: "DROP" },
    { name: "pod to LB1 (blocked by LoadBalancerSourceRanges)", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: "DROP" },
    { name: "pod to LB2 (blocked by LoadBalancerSourceRanges)", sourceIP: "10.0.0.2", destIP: "5.6.7.8", destPort: 80, output: "DROP" },
    { name: "node to LB1 (allowed by LoadBalancerSourceRanges)", sourceIP: testNodeIP, destIP: "1.2.3.4", destPort: 80, output: ep, masq: true },
    { name: "node to LB2 (allowed by LoadBalancerSourceRanges)", sourceIP: testNodeIP, destIP: "5.6.7.8", destPort: 80, output: ep, masq: true },
    { name: "same node to LB1, SNATted to LB1 (implicitly allowed)", sourceIP: "1.2.3.4", destIP: "1.2.3.4", destPort: 80, output: ep, masq: true },
    { name: "same node to LB2, SNATted to LB2 (implicitly allowed)", sourceIP: "5.6.7.8", destIP: "5.6.7.8", destPort: 80, output: ep, masq: true },
  ]);
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
  runFlows(() => compileFake(input, { nodePortAddresses: ["127.0.0.0/8"] }), [
    { name: "firewall accepts HealthCheckNodePort", sourceIP: "1.2.3.4", destIP: testNodeIP, destPort: 30000, output: "ACCEPT" },
  ]);
  runFlows(() => compileFake(snapshot([]), { nodePortAddresses: ["127.0.0.0/8"] }), [
    { name: "HealthCheckNodePort no longer has any rule", sourceIP: "1.2.3.4", destIP: testNodeIP, destPort: 30000, output: "" },
  ]);
});

describe.each([
  ["TestExternalTrafficPolicyLocal", "Local"],
  ["TestExternalTrafficPolicyCluster", "Cluster"],
] as const)("%s", (_name, policy) => {
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
  const both = "10.180.0.1:80, 10.180.2.1:80";
  const local = policy === "Local";
  const external = local ? "10.180.2.1:80" : both;
  runFlows(() => compileFake(input), [
    { name: "pod to cluster IP hits both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: both },
    { name: "pod to external IP hits both endpoints", sourceIP: "10.0.0.2", destIP: "192.168.99.11", destPort: 80, output: both, masq: !local },
    { name: "external to external IP", sourceIP: externalClient, destIP: "192.168.99.11", destPort: 80, output: external, masq: !local },
    { name: "pod to LB IP hits both endpoints", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: both, masq: !local },
    { name: "external to LB IP", sourceIP: externalClient, destIP: "1.2.3.4", destPort: 80, output: external, masq: !local },
    { name: "pod to NodePort hits both endpoints", sourceIP: "10.0.0.2", destIP: testNodeIP, destPort: 3001, output: both, masq: !local },
    { name: "external to NodePort", sourceIP: externalClient, destIP: testNodeIP, destPort: 3001, output: external, masq: !local },
  ]);
});

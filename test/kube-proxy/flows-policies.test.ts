import { describe } from "vitest";
import type { Endpoint } from "../../src/model/snapshot.js";
import { endpoint, port, service, slice, snapshot } from "./builders.js";
import { compileFake, runFlows, type FlowTest } from "./flows.js";

// proxier_test.go's traffic-policy, terminating-endpoint and masquerade packet flows.

const testNodeIP = "192.168.0.2";
const externalClient = "203.0.113.2";
const unnamed = [{ name: "", port: 80 }];

describe("TestInternalTrafficPolicy", () => {
  const cases: [string, "Cluster" | "Local", [string, string][], string][] = [
    ["internalTrafficPolicy is cluster", "Cluster", [["10.0.1.1", "test-node"], ["10.0.1.2", "node1"], ["10.0.1.3", "node2"]], "10.0.1.1:80, 10.0.1.2:80, 10.0.1.3:80"],
    ["local with one local endpoint", "Local", [["10.0.1.1", "test-node"], ["10.0.1.2", "node1"], ["10.0.1.3", "node2"]], "10.0.1.1:80"],
    ["local with multiple local endpoints", "Local", [["10.0.1.1", "test-node"], ["10.0.1.2", "test-node"], ["10.0.1.3", "node2"]], "10.0.1.1:80, 10.0.1.2:80"],
    ["local with no local endpoints", "Local", [["10.0.1.1", "node0"], ["10.0.1.2", "node1"], ["10.0.1.3", "node2"]], "DROP"],
  ];
  describe.each(cases)("%s", (_name, policy, eps, output) => {
    const svc = service("ns1", "svc1", { clusterIPs: ["172.30.1.1"], ports: [port("", 80)], internalTrafficPolicy: policy });
    const eps1 = slice("ns1", "svc1", 1, unnamed, eps.map(([ip, node]) => endpoint(ip, { nodeName: node })));
    runFlows(() => compileFake(snapshot([svc], [eps1])), [{ name: "pod to ClusterIP", sourceIP: "10.0.0.2", destIP: "172.30.1.1", destPort: 80, output }]);
    runFlows(() => compileFake(snapshot([svc])), [{ name: "endpoints deleted", sourceIP: "10.0.0.2", destIP: "172.30.1.1", destPort: 80, output: "REJECT" }]);
  });
});

const ep = (ip: string, ready: boolean, serving: boolean, terminating: boolean, nodeName: string): Endpoint => endpoint(ip, { ready, serving, terminating, nodeName });

const terminatingCases: [string, Endpoint[], string, string, string, string][] = [
  // name, endpoints, clusterIP output (both policies), LB output with eTP Local, LB output with eTP Cluster
  [
    "ready endpoints exist",
    [ep("10.0.1.1", true, true, false, "test-node"), ep("10.0.1.2", true, true, false, "test-node"), ep("10.0.1.3", false, true, true, "test-node"), ep("10.0.1.4", false, false, true, "test-node"), ep("10.0.1.5", true, true, false, "node-1")],
    "10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80",
    "10.0.1.1:80, 10.0.1.2:80",
    "10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80",
    "",
  ],
  [
    "only terminating endpoints exist",
    [ep("10.0.1.2", false, true, true, "test-node"), ep("10.0.1.3", false, true, true, "test-node"), ep("10.0.1.4", false, false, true, "test-node"), ep("10.0.1.5", true, true, false, "node-1")],
    "10.0.1.5:80",
    "10.0.1.2:80, 10.0.1.3:80",
    "",
    "",
  ],
  ["terminating endpoints on remote node", [ep("10.0.1.5", false, true, true, "node-1")], "10.0.1.5:80", "DROP", "10.0.1.5:80", ""],
  ["no usable endpoints on any node", [ep("10.0.1.5", false, false, true, "test-node"), ep("10.0.1.5", false, false, true, "node-1")], "REJECT", "REJECT", "REJECT", ""],
];

describe("TestTerminatingEndpointsTrafficPolicyLocal", () => {
  describe.each(terminatingCases.map(([name, eps, cluster, local]) => [name, eps, cluster, local] as const))("%s", (_name, eps, cluster, local) => {
    const svc = service("ns1", "svc1", {
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      clusterIPs: ["172.30.1.1"],
      ports: [port("", 80)],
      healthCheckNodePort: 30000,
      loadBalancerIngress: [{ ip: "1.2.3.4" }],
    });
    runFlows(() => compileFake(snapshot([svc], [slice("ns1", "svc1", 1, unnamed, eps)])), [
      { name: "pod to clusterIP", sourceIP: "10.0.0.2", destIP: "172.30.1.1", destPort: 80, output: cluster },
      { name: "external to LB", sourceIP: externalClient, destIP: "1.2.3.4", destPort: 80, output: local },
    ]);
    runFlows(() => compileFake(snapshot([svc])), [
      { name: "pod to clusterIP after endpoints deleted", sourceIP: "10.0.0.2", destIP: "172.30.1.1", destPort: 80, output: "REJECT" },
      { name: "external to LB after endpoints deleted", sourceIP: externalClient, destIP: "1.2.3.4", destPort: 80, output: "REJECT" },
    ]);
  });
});

describe("TestTerminatingEndpointsTrafficPolicyCluster", () => {
  // kube-proxy's Cluster variant puts the remote endpoints on "another-node"; locality does not matter here.
  describe.each(terminatingCases.map(([name, eps, , , lb]) => [name, eps, lb] as const))("%s", (name, eps, lb) => {
    const svc = service("ns1", "svc1", {
      type: "LoadBalancer",
      externalTrafficPolicy: "Cluster",
      clusterIPs: ["172.30.1.1"],
      ports: [port("", 80)],
      healthCheckNodePort: 30000,
      loadBalancerIngress: [{ ip: "1.2.3.4" }],
    });
    const clusterEps = name === "only terminating endpoints exist" ? eps.map((e) => (e.addresses[0] === "10.0.1.5" ? { ...e, ready: false, serving: true, terminating: true } : e)) : eps;
    const out = name === "only terminating endpoints exist" ? "10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80" : lb;
    runFlows(() => compileFake(snapshot([svc], [slice("ns1", "svc1", 1, unnamed, clusterEps)])), [
      { name: "pod to clusterIP", sourceIP: "10.0.0.2", destIP: "172.30.1.1", destPort: 80, output: out },
      { name: "external to LB", sourceIP: externalClient, destIP: "1.2.3.4", destPort: 80, output: out, masq: out !== "REJECT" },
    ]);
  });
});

describe("TestInternalExternalMasquerade", () => {
  const lb = (ns: string, ip: string, nodePort: number, lbIP: string, extra: Parameters<typeof service>[2]) =>
    service(ns, ns.replace("ns", "svc"), { type: "LoadBalancer", clusterIPs: [ip], ports: [port("p80", 80, { nodePort })], loadBalancerIngress: [{ ip: lbIP }], ...extra });
  const input = snapshot(
    [
      lb("ns1", "172.30.0.41", 3001, "1.2.3.4", { healthCheckNodePort: 30001 }),
      lb("ns2", "172.30.0.42", 3002, "5.6.7.8", { healthCheckNodePort: 30002, externalTrafficPolicy: "Local" }),
      lb("ns3", "172.30.0.43", 3003, "9.10.11.12", { healthCheckNodePort: 30003, internalTrafficPolicy: "Local" }),
    ],
    [1, 2, 3].map((i) => slice(`ns${i}`, `svc${i}`, 1, [{ name: "p80", port: 80 }], [endpoint(`10.180.0.${i}`, { nodeName: "test-node" }), endpoint(`10.180.1.${i}`, { nodeName: "remote" })])),
  );
  const all = (i: number) => `10.180.0.${i}:80, 10.180.1.${i}:80`;
  const base: FlowTest[] = [
    { name: "pod to ClusterIP", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: all(1), masq: false },
    { name: "pod to NodePort", sourceIP: "10.0.0.2", destIP: testNodeIP, destPort: 3001, output: all(1), masq: true },
    { name: "pod to LB", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: all(1), masq: true },
    { name: "node to ClusterIP", sourceIP: testNodeIP, destIP: "172.30.0.41", destPort: 80, output: all(1), masq: true },
    { name: "node to NodePort", sourceIP: testNodeIP, destIP: testNodeIP, destPort: 3001, output: all(1), masq: true },
    { name: "localhost to NodePort", sourceIP: "127.0.0.1", destIP: "127.0.0.1", destPort: 3001, output: all(1), masq: true },
    { name: "node to LB", sourceIP: testNodeIP, destIP: "1.2.3.4", destPort: 80, output: all(1), masq: true },
    { name: "external to ClusterIP", sourceIP: externalClient, destIP: "172.30.0.41", destPort: 80, output: all(1), masq: true },
    { name: "external to NodePort", sourceIP: externalClient, destIP: testNodeIP, destPort: 3001, output: all(1), masq: true },
    { name: "external to LB", sourceIP: externalClient, destIP: "1.2.3.4", destPort: 80, output: all(1), masq: true },
    { name: "pod to ClusterIP with eTP:Local", sourceIP: "10.0.0.2", destIP: "172.30.0.42", destPort: 80, output: all(2), masq: false },
    { name: "pod to NodePort with eTP:Local", sourceIP: "10.0.0.2", destIP: testNodeIP, destPort: 3002, output: all(2), masq: false },
    { name: "pod to LB with eTP:Local", sourceIP: "10.0.0.2", destIP: "5.6.7.8", destPort: 80, output: all(2), masq: false },
    { name: "node to ClusterIP with eTP:Local", sourceIP: testNodeIP, destIP: "172.30.0.42", destPort: 80, output: all(2), masq: true },
    { name: "node to NodePort with eTP:Local", sourceIP: testNodeIP, destIP: testNodeIP, destPort: 3001, output: all(1), masq: true },
    { name: "localhost to NodePort with eTP:Local", sourceIP: "127.0.0.1", destIP: "127.0.0.1", destPort: 3002, output: all(2), masq: true },
    { name: "node to LB with eTP:Local", sourceIP: testNodeIP, destIP: "5.6.7.8", destPort: 80, output: all(2), masq: true },
    { name: "external to ClusterIP with eTP:Local", sourceIP: externalClient, destIP: "172.30.0.42", destPort: 80, output: all(2), masq: true },
    { name: "external to NodePort with eTP:Local", sourceIP: externalClient, destIP: testNodeIP, destPort: 3002, output: "10.180.0.2:80", masq: false },
    { name: "external to LB with eTP:Local", sourceIP: externalClient, destIP: "5.6.7.8", destPort: 80, output: "10.180.0.2:80", masq: false },
    { name: "pod to ClusterIP with iTP:Local", sourceIP: "10.0.0.2", destIP: "172.30.0.43", destPort: 80, output: "10.180.0.3:80", masq: false },
    { name: "pod to NodePort with iTP:Local", sourceIP: "10.0.0.2", destIP: testNodeIP, destPort: 3003, output: all(3), masq: true },
    { name: "pod to LB with iTP:Local", sourceIP: "10.0.0.2", destIP: "9.10.11.12", destPort: 80, output: all(3), masq: true },
    { name: "node to ClusterIP with iTP:Local", sourceIP: testNodeIP, destIP: "172.30.0.43", destPort: 80, output: "10.180.0.3:80", masq: true },
    { name: "node to NodePort with iTP:Local", sourceIP: testNodeIP, destIP: testNodeIP, destPort: 3003, output: all(3), masq: true },
    { name: "localhost to NodePort with iTP:Local", sourceIP: "127.0.0.1", destIP: "127.0.0.1", destPort: 3003, output: all(3), masq: true },
    { name: "node to LB with iTP:Local", sourceIP: testNodeIP, destIP: "9.10.11.12", destPort: 80, output: all(3), masq: true },
    { name: "external to ClusterIP with iTP:Local", sourceIP: externalClient, destIP: "172.30.0.43", destPort: 80, output: "10.180.0.3:80", masq: true },
    { name: "external to NodePort with iTP:Local", sourceIP: externalClient, destIP: testNodeIP, destPort: 3003, output: all(3), masq: true },
    { name: "external to LB with iTP:Local", sourceIP: externalClient, destIP: "9.10.11.12", destPort: 80, output: all(3), masq: true },
  ];
  type Override = { output?: string; masq?: boolean };
  const noDetector: Record<string, Override> = {
    "node to ClusterIP": { masq: false },
    "node to ClusterIP with eTP:Local": { masq: false },
    "node to ClusterIP with iTP:Local": { masq: false },
    "external to ClusterIP": { masq: false },
    "external to ClusterIP with eTP:Local": { masq: false },
    "external to ClusterIP with iTP:Local": { masq: false },
    "pod to NodePort with eTP:Local": { output: "10.180.0.2:80" },
    "pod to LB with eTP:Local": { output: "10.180.0.2:80" },
  };
  const masqAll: Record<string, Override> = {
    "pod to ClusterIP": { masq: true },
    "pod to ClusterIP with eTP:Local": { masq: true },
    "pod to ClusterIP with iTP:Local": { masq: true },
  };
  const variants: [string, boolean, boolean, Record<string, Override>][] = [
    ["base", false, true, {}],
    ["no LocalTrafficDetector", false, false, noDetector],
    ["masqueradeAll", true, true, masqAll],
    [
      "masqueradeAll, no LocalTrafficDetector",
      true,
      false,
      { ...masqAll, "pod to NodePort with eTP:Local": { output: "10.180.0.2:80" }, "pod to LB with eTP:Local": { output: "10.180.0.2:80" } },
    ],
  ];
  describe.each(variants)("%s", (_name, masqueradeAll, detector, overrides) => {
    const flows = base.map((f) => ({ ...f, ...overrides[f.name] }));
    runFlows(() => compileFake(input, { masqueradeAll, ...(detector ? {} : { detectLocal: { mode: "None" } }) }), flows);
  });
});

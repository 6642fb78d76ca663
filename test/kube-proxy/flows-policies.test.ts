import { describe } from "vitest";
import type { Endpoint } from "../../src/model/snapshot.js";
import { endpoint, port, service, slice, snapshot } from "./builders.js";
import { compileFake } from "./dumps.js";
import { kubeProxyFlows, runFlows } from "./flows.js";
import { internalExternalMasqueradeInput } from "./inputs.js";

// proxier_test.go's traffic-policy, terminating-endpoint and masquerade packet flows (kube-proxy's
// flows from test/kube-proxy-expected/), plus kprc's own check that deleting the endpoints rejects.

const externalClient = "203.0.113.2";
const unnamed = [{ name: "", port: 80 }];

describe("TestInternalTrafficPolicy", () => {
  const cases: [string, "Cluster" | "Local", [string, string][]][] = [
    ["internalTrafficPolicy is cluster", "Cluster", [["10.0.1.1", "test-node"], ["10.0.1.2", "node1"], ["10.0.1.3", "node2"]]],
    ["local, one local endpoint", "Local", [["10.0.1.1", "test-node"], ["10.0.1.2", "node1"], ["10.0.1.3", "node2"]]],
    ["local, multiple local endpoints", "Local", [["10.0.1.1", "test-node"], ["10.0.1.2", "test-node"], ["10.0.1.3", "node2"]]],
    ["local, no local endpoints", "Local", [["10.0.1.1", "node0"], ["10.0.1.2", "node1"], ["10.0.1.3", "node2"]]],
  ];
  describe.each(cases)("%s", (name, policy, eps) => {
    const svc = service("ns1", "svc1", { clusterIPs: ["172.30.1.1"], ports: [port("", 80)], internalTrafficPolicy: policy });
    const eps1 = slice("ns1", "svc1", 1, unnamed, eps.map(([ip, node]) => endpoint(ip, { nodeName: node })));
    runFlows(() => compileFake(snapshot([svc], [eps1])), kubeProxyFlows(`TestInternalTrafficPolicy/${name}`));
    runFlows(() => compileFake(snapshot([svc])), [{ name: "endpoints deleted", sourceIP: "10.0.0.2", destIP: "172.30.1.1", destPort: 80, output: "REJECT" }]);
  });
});

const ep = (ip: string, ready: boolean, serving: boolean, terminating: boolean, nodeName: string): Endpoint => endpoint(ip, { ready, serving, terminating, nodeName });

const terminatingCases: [string, Endpoint[]][] = [
  [
    "ready endpoints exist",
    [ep("10.0.1.1", true, true, false, "test-node"), ep("10.0.1.2", true, true, false, "test-node"), ep("10.0.1.3", false, true, true, "test-node"), ep("10.0.1.4", false, false, true, "test-node"), ep("10.0.1.5", true, true, false, "node-1")],
  ],
  [
    "only terminating endpoints exist",
    [ep("10.0.1.2", false, true, true, "test-node"), ep("10.0.1.3", false, true, true, "test-node"), ep("10.0.1.4", false, false, true, "test-node"), ep("10.0.1.5", true, true, false, "node-1")],
  ],
  ["terminating endpoints on remote node", [ep("10.0.1.5", false, true, true, "node-1")]],
  ["no usable endpoints on any node", [ep("10.0.1.5", false, false, true, "test-node"), ep("10.0.1.5", false, false, true, "node-1")]],
];

/** The LoadBalancer service both TestTerminatingEndpointsTrafficPolicy* tests use. */
function terminatingTestService(externalTrafficPolicy: "Local" | "Cluster") {
  return service("ns1", "svc1", {
    type: "LoadBalancer",
    externalTrafficPolicy,
    clusterIPs: ["172.30.1.1"],
    ports: [port("", 80)],
    healthCheckNodePort: 30000,
    loadBalancerIngress: [{ ip: "1.2.3.4" }],
  });
}

describe("TestTerminatingEndpointsTrafficPolicyLocal", () => {
  describe.each(terminatingCases)("%s", (name, eps) => {
    const svc = terminatingTestService("Local");
    runFlows(() => compileFake(snapshot([svc], [slice("ns1", "svc1", 1, unnamed, eps)])), kubeProxyFlows(`TestTerminatingEndpointsTrafficPolicyLocal/${name}`));
    runFlows(() => compileFake(snapshot([svc])), [
      { name: "pod to clusterIP after endpoints deleted", sourceIP: "10.0.0.2", destIP: "172.30.1.1", destPort: 80, output: "REJECT" },
      { name: "external to LB after endpoints deleted", sourceIP: externalClient, destIP: "1.2.3.4", destPort: 80, output: "REJECT" },
    ]);
  });
});

describe("TestTerminatingEndpointsTrafficPolicyCluster", () => {
  // kube-proxy's Cluster variant puts the remote endpoints on "another-node"; locality does not matter here.
  describe.each(terminatingCases)("%s", (name, eps) => {
    const svc = terminatingTestService("Cluster");
    const clusterEps = name === "only terminating endpoints exist" ? eps.map((e) => (e.addresses[0] === "10.0.1.5" ? { ...e, ready: false, serving: true, terminating: true } : e)) : eps;
    runFlows(() => compileFake(snapshot([svc], [slice("ns1", "svc1", 1, unnamed, clusterEps)])), kubeProxyFlows(`TestTerminatingEndpointsTrafficPolicyCluster/${name}`));
  });
});

describe("TestInternalExternalMasquerade", () => {
  const variants: [string, boolean, boolean][] = [
    ["base", false, true],
    ["no LocalTrafficDetector", false, false],
    ["masqueradeAll", true, true],
    ["masqueradeAll, no LocalTrafficDetector", true, false],
  ];
  describe.each(variants)("%s", (name, masqueradeAll, detector) => {
    runFlows(() => compileFake(internalExternalMasqueradeInput, { masqueradeAll, ...(detector ? {} : { detectLocal: { mode: "None" } }) }), kubeProxyFlows(`TestInternalExternalMasquerade/${name}`));
  });
});

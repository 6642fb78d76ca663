import type { Snapshot } from "../../src/model/snapshot.js";
import { endpoint, port, service, slice, snapshot } from "./builders.js";

// The objects of proxier_test.go tests that both proxiers' packet-flow tests build (iptables:
// test/kube-proxy/flows-*.test.ts; nftables: test/nft-kube-flows.test.ts), as makeTestService /
// makeTestEndpointSlice create them.

const p80 = [{ name: "p80", port: 80 }];

/** TestNoEndpointsReject: a LoadBalancer with an external IP and no endpoints. */
export const noEndpointsRejectInput: Snapshot = snapshot([
  service("ns1", "svc1", {
    type: "LoadBalancer",
    clusterIPs: ["172.30.0.41"],
    externalIPs: ["192.168.99.11"],
    ports: [port("p80", 80, { nodePort: 3001 })],
    loadBalancerIngress: [{ ip: "1.2.3.4" }],
  }),
]);

const clusterIPGeneralPorts = [
  { name: "http", port: 80 },
  { name: "https", port: 8443 },
  { name: "dns-udp", port: 53, protocol: "udp" as const },
  { name: "dns-tcp", port: 5353 },
  { name: "dns-sctp", port: 53, protocol: "sctp" as const },
];

/** TestClusterIPGeneral: one single-port service, one with TargetPort and TCP/UDP/SCTP on port 53. */
export const clusterIPGeneralInput: Snapshot = snapshot(
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
    slice("ns2", "svc2", 1, clusterIPGeneralPorts, [endpoint("10.180.0.1", { nodeName: "test-node" }), endpoint("10.180.2.1", { nodeName: "node2" })]),
  ],
);

/** TestNodePorts: a NodePort service with one remote and one local endpoint, of either family. */
export function nodePortsInput(family: "ipv4" | "ipv6"): Snapshot {
  const v4 = family === "ipv4";
  const [svcIP, ep1, ep2] = v4 ? ["172.30.0.41", "10.180.0.1", "10.180.2.1"] : ["fd00:172:30::41", "fd00:10:180::1", "fd00:10:180::2:1"];
  return snapshot(
    [service("ns1", "svc1", { type: "NodePort", clusterIPs: [svcIP], ports: [port("p80", 80, { nodePort: 3001 })] })],
    [slice("ns1", "svc1", 1, p80, [endpoint(ep1), endpoint(ep2, { nodeName: "test-node" })], v4 ? "IPv4" : "IPv6")],
  );
}

/** TestExternalTrafficPolicyLocal / TestExternalTrafficPolicyCluster: a LoadBalancer with an external IP. */
export function externalTrafficPolicyInput(policy: "Local" | "Cluster"): Snapshot {
  return snapshot(
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
}

const masqueradeTestLB = (i: number, clusterIP: string, lbIP: string, extra: Parameters<typeof service>[2]) =>
  service(`ns${i}`, `svc${i}`, { type: "LoadBalancer", clusterIPs: [clusterIP], ports: [port("p80", 80, { nodePort: 3000 + i })], loadBalancerIngress: [{ ip: lbIP }], ...extra });

/** TestInternalExternalMasquerade: an eTP=Cluster, an eTP=Local and an iTP=Local LoadBalancer, each with a local and a remote endpoint. */
export const internalExternalMasqueradeInput: Snapshot = snapshot(
  [
    masqueradeTestLB(1, "172.30.0.41", "1.2.3.4", { healthCheckNodePort: 30001 }),
    masqueradeTestLB(2, "172.30.0.42", "5.6.7.8", { healthCheckNodePort: 30002, externalTrafficPolicy: "Local" }),
    masqueradeTestLB(3, "172.30.0.43", "9.10.11.12", { healthCheckNodePort: 30003, internalTrafficPolicy: "Local" }),
  ],
  [1, 2, 3].map((i) => slice(`ns${i}`, `svc${i}`, 1, p80, [endpoint(`10.180.0.${i}`, { nodeName: "test-node" }), endpoint(`10.180.1.${i}`, { nodeName: "remote" })])),
);

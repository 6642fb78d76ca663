import { describe, expect, it } from "vitest";
import { compileNftKube } from "../src/compile/nft-kube/index.js";
import { defaultProxyConfig, type ProxyConfig } from "../src/model/config.js";
import type { Snapshot } from "../src/model/snapshot.js";
import { endpoint, port, service, slice, snapshot } from "./kube-proxy/builders.js";
import { tracePacket, type Packet } from "./unit/nft/nft-kube-tracer.js";

// Packet-flow tests of kube-proxy's nftables proxier_test.go (TestInternalExternalMasquerade,
// TestNoEndpointsReject), traced through compileNftKube's table with a port of its test tracer.

const nodeIP = "192.168.0.2";
const external = "203.0.113.2";

const fakeProxier = (overrides: Partial<ProxyConfig> = {}): ProxyConfig => ({
  ...defaultProxyConfig,
  nodeName: "test-node",
  nodeIPs: [nodeIP],
  detectLocal: { mode: "ClusterCIDR", cidrs: ["10.0.0.0/8"] },
  nodePortAddresses: ["192.168.0.2/32", "2001:db8::1/128"],
  serviceCIDRs: ["172.30.0.0/16"],
  ...overrides,
});

interface Flow extends Packet {
  readonly name: string;
  readonly output: string;
  readonly masq?: boolean;
}

function runFlows(input: Snapshot, config: ProxyConfig, flows: readonly Flow[]): void {
  const ruleset = compileNftKube(input, config);
  for (const f of flows) {
    it(`${f.name}: ${f.output}${f.masq ? " (masqueraded)" : ""}`, () => {
      expect(tracePacket(ruleset, f)).toEqual({ output: f.output, masq: f.masq ?? false });
    });
  }
}

describe("TestInternalExternalMasquerade (nftables)", () => {
  const lb = (ns: string, ip: string, cip: string, nodePort: number, extra = {}) =>
    service(ns, ns.replace("ns", "svc"), { type: "LoadBalancer", clusterIPs: [cip], ports: [port("p80", 80, { nodePort })], loadBalancerIngress: [{ ip }], ...extra });
  const eps = (ns: string, local: string, remote: string) =>
    slice(ns, ns.replace("ns", "svc"), 1, [{ name: "p80", port: 80 }], [endpoint(local, { nodeName: "test-node" }), endpoint(remote, { nodeName: "remote" })]);
  const input = snapshot(
    [
      lb("ns1", "1.2.3.4", "172.30.0.41", 3001, { healthCheckNodePort: 30001 }),
      lb("ns2", "5.6.7.8", "172.30.0.42", 3002, { healthCheckNodePort: 30002, externalTrafficPolicy: "Local" }),
      lb("ns3", "9.10.11.12", "172.30.0.43", 3003, { healthCheckNodePort: 30003, internalTrafficPolicy: "Local" }),
    ],
    [eps("ns1", "10.180.0.1", "10.180.1.1"), eps("ns2", "10.180.0.2", "10.180.1.2"), eps("ns3", "10.180.0.3", "10.180.1.3")],
  );
  const all1 = "10.180.0.1:80, 10.180.1.1:80";
  const all2 = "10.180.0.2:80, 10.180.1.2:80";
  const all3 = "10.180.0.3:80, 10.180.1.3:80";
  const pod = "10.0.0.2";
  const base: Flow[] = [
    { name: "pod to ClusterIP", sourceIP: pod, destIP: "172.30.0.41", destPort: 80, output: all1, masq: false },
    { name: "pod to NodePort", sourceIP: pod, destIP: nodeIP, destPort: 3001, output: all1, masq: true },
    { name: "pod to LB", sourceIP: pod, destIP: "1.2.3.4", destPort: 80, output: all1, masq: true },
    { name: "node to ClusterIP", sourceIP: nodeIP, destIP: "172.30.0.41", destPort: 80, output: all1, masq: true },
    { name: "node to NodePort", sourceIP: nodeIP, destIP: nodeIP, destPort: 3001, output: all1, masq: true },
    { name: "node to LB", sourceIP: nodeIP, destIP: "1.2.3.4", destPort: 80, output: all1, masq: true },
    { name: "external to ClusterIP", sourceIP: external, destIP: "172.30.0.41", destPort: 80, output: all1, masq: true },
    { name: "external to NodePort", sourceIP: external, destIP: nodeIP, destPort: 3001, output: all1, masq: true },
    { name: "external to LB", sourceIP: external, destIP: "1.2.3.4", destPort: 80, output: all1, masq: true },
    { name: "pod to ClusterIP with eTP:Local", sourceIP: pod, destIP: "172.30.0.42", destPort: 80, output: all2, masq: false },
    { name: "pod to NodePort with eTP:Local", sourceIP: pod, destIP: nodeIP, destPort: 3002, output: all2, masq: false },
    { name: "pod to LB with eTP:Local", sourceIP: pod, destIP: "5.6.7.8", destPort: 80, output: all2, masq: false },
    { name: "node to ClusterIP with eTP:Local", sourceIP: nodeIP, destIP: "172.30.0.42", destPort: 80, output: all2, masq: true },
    // Port 3001, as upstream writes it: this flow really hits svc1's NodePort.
    { name: "node to NodePort with eTP:Local", sourceIP: nodeIP, destIP: nodeIP, destPort: 3001, output: all1, masq: true },
    { name: "node to LB with eTP:Local", sourceIP: nodeIP, destIP: "5.6.7.8", destPort: 80, output: all2, masq: true },
    { name: "external to ClusterIP with eTP:Local", sourceIP: external, destIP: "172.30.0.42", destPort: 80, output: all2, masq: true },
    { name: "external to NodePort with eTP:Local", sourceIP: external, destIP: nodeIP, destPort: 3002, output: "10.180.0.2:80", masq: false },
    { name: "external to LB with eTP:Local", sourceIP: external, destIP: "5.6.7.8", destPort: 80, output: "10.180.0.2:80", masq: false },
    { name: "pod to ClusterIP with iTP:Local", sourceIP: pod, destIP: "172.30.0.43", destPort: 80, output: "10.180.0.3:80", masq: false },
    { name: "pod to NodePort with iTP:Local", sourceIP: pod, destIP: nodeIP, destPort: 3003, output: all3, masq: true },
    { name: "pod to LB with iTP:Local", sourceIP: pod, destIP: "9.10.11.12", destPort: 80, output: all3, masq: true },
    { name: "node to ClusterIP with iTP:Local", sourceIP: nodeIP, destIP: "172.30.0.43", destPort: 80, output: "10.180.0.3:80", masq: true },
    { name: "node to NodePort with iTP:Local", sourceIP: nodeIP, destIP: nodeIP, destPort: 3003, output: all3, masq: true },
    { name: "node to LB with iTP:Local", sourceIP: nodeIP, destIP: "9.10.11.12", destPort: 80, output: all3, masq: true },
    { name: "external to ClusterIP with iTP:Local", sourceIP: external, destIP: "172.30.0.43", destPort: 80, output: "10.180.0.3:80", masq: true },
    { name: "external to NodePort with iTP:Local", sourceIP: external, destIP: nodeIP, destPort: 3003, output: all3, masq: true },
    { name: "external to LB with iTP:Local", sourceIP: external, destIP: "9.10.11.12", destPort: 80, output: all3, masq: true },
  ];
  type Override = Partial<Pick<Flow, "output" | "masq">>;
  const withOverrides = (overrides: Record<string, Override>): Flow[] => {
    expect(Object.keys(overrides).every((k) => base.some((f) => f.name === k))).toBe(true);
    return base.map((f) => ({ ...f, ...overrides[f.name] }));
  };
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

  describe("base", () => runFlows(input, fakeProxier(), base));
  describe("no LocalTrafficDetector", () => runFlows(input, fakeProxier({ detectLocal: { mode: "None" } }), withOverrides(noDetector)));
  describe("masqueradeAll", () => runFlows(input, fakeProxier({ masqueradeAll: true }), withOverrides(masqAll)));
  describe("masqueradeAll, no LocalTrafficDetector", () =>
    runFlows(input, fakeProxier({ masqueradeAll: true, detectLocal: { mode: "None" } }), withOverrides({ ...masqAll, "pod to NodePort with eTP:Local": noDetector["pod to NodePort with eTP:Local"]!, "pod to LB with eTP:Local": noDetector["pod to LB with eTP:Local"]! })));
});

describe("TestNoEndpointsReject (nftables)", () => {
  const svc = service("ns1", "svc1", {
    type: "LoadBalancer",
    clusterIPs: ["172.30.0.41"],
    externalIPs: ["192.168.99.11"],
    ports: [port("p80", 80, { nodePort: 3001 })],
    loadBalancerIngress: [{ ip: "1.2.3.4" }],
  });
  runFlows(snapshot([svc]), fakeProxier(), [
    { name: "pod to cluster IP with no endpoints", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: "REJECT" },
    { name: "external to external IP with no endpoints", sourceIP: external, destIP: "192.168.99.11", destPort: 80, output: "REJECT" },
    { name: "pod to NodePort with no endpoints", sourceIP: "10.0.0.2", destIP: nodeIP, destPort: 3001, output: "REJECT" },
    { name: "external to NodePort with no endpoints", sourceIP: external, destIP: nodeIP, destPort: 3001, output: "REJECT" },
    { name: "pod to LoadBalancer IP with no endpoints", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: "REJECT" },
    { name: "external to LoadBalancer IP with no endpoints", sourceIP: external, destIP: "1.2.3.4", destPort: 80, output: "REJECT" },
  ]);
});

describe("ClusterIP checks (spec §13 behaviours)", () => {
  const svc = service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("p80", 80)] });
  const eps = slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.0.1")]);
  runFlows(snapshot([svc], [eps]), fakeProxier(), [
    { name: "a port the ClusterIP does not serve is rejected", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 8080, output: "REJECT" },
    { name: "an unallocated ClusterIP is dropped", sourceIP: "10.0.0.2", destIP: "172.30.0.99", destPort: 80, output: "DROP" },
    { name: "UDP on the TCP port is a different service port", sourceIP: "10.0.0.2", protocol: "udp", destIP: "172.30.0.41", destPort: 80, output: "REJECT" },
  ]);
});

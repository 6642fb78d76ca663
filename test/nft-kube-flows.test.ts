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

describe("TestClusterIPGeneral (nftables)", () => {
  const svc1 = service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("http", 80)] });
  const svc2 = service("ns2", "svc2", {
    clusterIPs: ["172.30.0.42"],
    ports: [port("http", 80), port("https", 443, { targetPort: 8443 }), port("dns-udp", 53, { protocol: "udp" }), port("dns-tcp", 53, { targetPort: 5353 }), port("dns-sctp", 53, { protocol: "sctp" })],
  });
  const eps1 = slice("ns1", "svc1", 1, [{ name: "http", port: 80 }], [endpoint("10.180.0.1", { nodeName: "test-node" })]);
  const eps2 = slice(
    "ns2",
    "svc2",
    1,
    [
      { name: "http", port: 80 },
      { name: "https", port: 8443 },
      { name: "dns-udp", port: 53, protocol: "udp" },
      { name: "dns-tcp", port: 5353 },
      { name: "dns-sctp", port: 53, protocol: "sctp" },
    ],
    [endpoint("10.180.0.1", { nodeName: "test-node" }), endpoint("10.180.2.1", { nodeName: "node2" })],
  );
  const src = "10.180.0.2";
  runFlows(snapshot([svc1, svc2], [eps1, eps2]), fakeProxier(), [
    { name: "simple clusterIP", sourceIP: src, destIP: "172.30.0.41", destPort: 80, output: "10.180.0.1:80" },
    { name: "hairpin to cluster IP", sourceIP: "10.180.0.1", destIP: "172.30.0.41", destPort: 80, output: "10.180.0.1:80", masq: true },
    { name: "clusterIP with multiple endpoints", sourceIP: src, destIP: "172.30.0.42", destPort: 80, output: "10.180.0.1:80, 10.180.2.1:80" },
    { name: "clusterIP with TargetPort", sourceIP: src, destIP: "172.30.0.42", destPort: 443, output: "10.180.0.1:8443, 10.180.2.1:8443" },
    { name: "clusterIP with TCP, UDP, and SCTP on same port (TCP)", sourceIP: src, protocol: "tcp", destIP: "172.30.0.42", destPort: 53, output: "10.180.0.1:5353, 10.180.2.1:5353" },
    { name: "clusterIP with TCP, UDP, and SCTP on same port (UDP)", sourceIP: src, protocol: "udp", destIP: "172.30.0.42", destPort: 53, output: "10.180.0.1:53, 10.180.2.1:53" },
    { name: "clusterIP with TCP, UDP, and SCTP on same port (SCTP)", sourceIP: src, protocol: "sctp", destIP: "172.30.0.42", destPort: 53, output: "10.180.0.1:53, 10.180.2.1:53" },
    { name: "TCP-only port does not match UDP traffic", sourceIP: src, protocol: "udp", destIP: "172.30.0.42", destPort: 80, output: "REJECT" },
    { name: "svc1 does not accept svc2's ports", sourceIP: src, destIP: "172.30.0.41", destPort: 443, output: "REJECT" },
    { name: "packet to unallocated cluster ip", sourceIP: src, destIP: "172.30.0.50", destPort: 80, output: "DROP" },
  ]);
});

describe("TestLoadBalancer (nftables)", () => {
  const lb1 = "1.2.3.4";
  const lb2 = "5.6.7.8";
  const blocked = "203.0.113.130";
  const svc = service("ns1", "svc1", {
    type: "LoadBalancer",
    clusterIPs: ["172.30.0.41"],
    ports: [port("p80", 80, { nodePort: 3001 })],
    loadBalancerIngress: [{ ip: lb1 }, { ip: lb2 }],
    // kube-proxy's regression input has " 203.0.113.0/25" with a space, which kprc's input layer trims.
    loadBalancerSourceRanges: ["192.168.0.0/24", "203.0.113.0/25"],
  });
  const ep = "10.180.0.1:80";
  runFlows(snapshot([svc], [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.0.1")])]), fakeProxier(), [
    { name: "pod to cluster IP", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: ep, masq: false },
    { name: "external to nodePort", sourceIP: external, destIP: nodeIP, destPort: 3001, output: ep, masq: true },
    { name: "nodePort bypasses LoadBalancerSourceRanges", sourceIP: blocked, destIP: nodeIP, destPort: 3001, output: ep, masq: true },
    { name: "accepted external to LB1", sourceIP: external, destIP: lb1, destPort: 80, output: ep, masq: true },
    { name: "accepted external to LB2", sourceIP: external, destIP: lb2, destPort: 80, output: ep, masq: true },
    { name: "blocked external to LB1", sourceIP: blocked, destIP: lb1, destPort: 80, output: "DROP" },
    { name: "blocked external to LB2", sourceIP: blocked, destIP: lb2, destPort: 80, output: "DROP" },
    { name: "pod to LB1 (blocked by LoadBalancerSourceRanges)", sourceIP: "10.0.0.2", destIP: lb1, destPort: 80, output: "DROP" },
    { name: "pod to LB2 (blocked by LoadBalancerSourceRanges)", sourceIP: "10.0.0.2", destIP: lb2, destPort: 80, output: "DROP" },
    { name: "node to LB1 (allowed by LoadBalancerSourceRanges)", sourceIP: nodeIP, destIP: lb1, destPort: 80, output: ep, masq: true },
    { name: "node to LB2 (allowed by LoadBalancerSourceRanges)", sourceIP: nodeIP, destIP: lb2, destPort: 80, output: ep, masq: true },
    { name: "same node to LB1, SNATted to LB1 (implicitly allowed)", sourceIP: lb1, destIP: lb1, destPort: 80, output: ep, masq: true },
    { name: "same node to LB2, SNATted to LB2 (implicitly allowed)", sourceIP: lb2, destIP: lb2, destPort: 80, output: ep, masq: true },
  ]);
});

describe("TestNodePorts (nftables)", () => {
  const cases: [name: string, family: "ipv4" | "ipv6", nodePortAddresses: string[] | undefined, allowAlt: boolean][] = [
    ["ipv4", "ipv4", undefined, false],
    ["ipv4, multiple nodeport-addresses", "ipv4", ["192.168.0.0/24", "192.168.1.0/24", "2001:db8::/64"], true],
    ["ipv6", "ipv6", undefined, false],
    ["ipv6, multiple nodeport-addresses", "ipv6", ["192.168.0.0/24", "192.168.1.0/24", "2001:db8::/64", "2001:db8:1::2/128"], true],
  ];
  describe.each(cases)("%s", (_name, family, nodePortAddresses, allowAlt) => {
    const v4 = family === "ipv4";
    const [svcIP, ep1, ep2, node, alt, pod, client] = v4
      ? ["172.30.0.41", "10.180.0.1", "10.180.2.1", nodeIP, "192.168.1.2", "10.0.0.2", external]
      : ["fd00:172:30::41", "fd00:10:180::1", "fd00:10:180::2:1", "2001:db8::1", "2001:db8:1::2", "fd00:10::2", "2600:5200::1"];
    const svc = service("ns1", "svc1", { type: "NodePort", clusterIPs: [svcIP], ports: [port("p80", 80, { nodePort: 3001 })] });
    const eps = slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint(ep1), endpoint(ep2, { nodeName: "test-node" })], v4 ? "IPv4" : "IPv6");
    // kube-proxy finds node-port addresses on the host's interfaces (the fake has both node IPs);
    // kprc takes the node's IPs from its settings.
    const config = fakeProxier({
      family,
      nodeIPs: [node, alt],
      detectLocal: { mode: "ClusterCIDR", cidrs: [v4 ? "10.0.0.0/8" : "fd00:10::/64"] },
      serviceCIDRs: [v4 ? "172.30.0.0/16" : "fd00:10:96::/112"],
      ...(nodePortAddresses ? { nodePortAddresses } : {}),
    });
    const output = v4 ? `${ep1}:80, ${ep2}:80` : `[${ep1}]:80, [${ep2}]:80`;
    runFlows(snapshot([svc], [eps]), config, [
      { name: "pod to cluster IP", sourceIP: pod, destIP: svcIP, destPort: 80, output, masq: false },
      { name: "external to nodePort", sourceIP: client, destIP: node, destPort: 3001, output, masq: true },
      { name: "node to nodePort", sourceIP: node, destIP: node, destPort: 3001, output, masq: true },
      allowAlt
        ? { name: "external to nodePort on secondary IP", sourceIP: client, destIP: alt, destPort: 3001, output, masq: true }
        : { name: "secondary nodeIP ignores NodePorts", sourceIP: client, destIP: alt, destPort: 3001, output: "" },
    ]);
  });
});

describe("TestExternalTrafficPolicyLocal / TestExternalTrafficPolicyCluster (nftables)", () => {
  const make = (policy: "Local" | "Cluster") =>
    snapshot(
      [
        service("ns1", "svc1", {
          type: "LoadBalancer",
          externalTrafficPolicy: policy,
          clusterIPs: ["172.30.0.41"],
          externalIPs: ["192.168.99.11"],
          ports: [port("p80", 80, { nodePort: 3001 })],
          ...(policy === "Local" ? { healthCheckNodePort: 30000 } : {}),
          loadBalancerIngress: [{ ip: "1.2.3.4" }],
        }),
      ],
      [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.0.1"), endpoint("10.180.2.1", { nodeName: "test-node" })])],
    );
  const both = "10.180.0.1:80, 10.180.2.1:80";
  const local = "10.180.2.1:80";
  describe("Local", () =>
    runFlows(make("Local"), fakeProxier(), [
      { name: "pod to cluster IP hits both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: both },
      { name: "pod to external IP hits both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: "192.168.99.11", destPort: 80, output: both },
      { name: "external to external IP hits only local endpoint, unmasqueraded", sourceIP: external, destIP: "192.168.99.11", destPort: 80, output: local },
      { name: "pod to LB IP hits only both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: both },
      { name: "external to LB IP hits only local endpoint, unmasqueraded", sourceIP: external, destIP: "1.2.3.4", destPort: 80, output: local },
      { name: "pod to NodePort hits both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: nodeIP, destPort: 3001, output: both },
      { name: "external to NodePort hits only local endpoint, unmasqueraded", sourceIP: external, destIP: nodeIP, destPort: 3001, output: local },
    ]));
  describe("Cluster", () =>
    runFlows(make("Cluster"), fakeProxier(), [
      { name: "pod to cluster IP hits both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: both },
      { name: "pod to external IP hits both endpoints, masqueraded", sourceIP: "10.0.0.2", destIP: "192.168.99.11", destPort: 80, output: both, masq: true },
      { name: "external to external IP hits both endpoints, masqueraded", sourceIP: external, destIP: "192.168.99.11", destPort: 80, output: both, masq: true },
      { name: "pod to LB IP hits both endpoints, masqueraded", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: both, masq: true },
      { name: "external to LB IP hits both endpoints, masqueraded", sourceIP: external, destIP: "1.2.3.4", destPort: 80, output: both, masq: true },
      { name: "pod to NodePort hits both endpoints, masqueraded", sourceIP: "10.0.0.2", destIP: nodeIP, destPort: 3001, output: both, masq: true },
      { name: "external to NodePort hits both endpoints, masqueraded", sourceIP: external, destIP: nodeIP, destPort: 3001, output: both, masq: true },
    ]));
});

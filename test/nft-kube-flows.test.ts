import { describe } from "vitest";
import { compileNftKube } from "../src/compile/nft-kube/index.js";
import type { ProxyConfig } from "../src/model/config.js";
import type { Snapshot } from "../src/model/snapshot.js";
import { nodePortFlows, type Flow } from "./kube-proxy-expected/flows.js";
import { endpoint, nftFakeProxierConfig, port, service, slice, snapshot } from "./kube-proxy/builders.js";
import { kubeProxyFlows, runFlows } from "./kube-proxy/flows.js";
import { clusterIPGeneralInput, externalTrafficPolicyInput, internalExternalMasqueradeInput, noEndpointsRejectInput, nodePortsInput } from "./kube-proxy/inputs.js";
import { tracePacket } from "./unit/nft/nft-kube-tracer.js";

// Packet-flow tests of kube-proxy's nftables proxier_test.go (TestInternalExternalMasquerade,
// TestNoEndpointsReject, …), traced through compileNftKube's table with a port of its test tracer.
// Where the nftables test lists the same flows as the iptables one, they come from
// test/kube-proxy-expected/ (and the objects from test/kube-proxy/inputs.ts); the differences are
// spelled out below.

const nodeIP = "192.168.0.2";

function runNftFlows(input: Snapshot, config: ProxyConfig, flows: readonly Flow[]): void {
  const ruleset = compileNftKube(input, config);
  runFlows(() => ruleset, flows, tracePacket);
}

// nftables mode has no localhost node ports, so its tests have no "localhost to NodePort" flows.
const withoutLocalhost = (flows: readonly Flow[]): Flow[] => flows.filter((f) => !f.name.startsWith("localhost "));

describe("TestInternalExternalMasquerade (nftables)", () => {
  const variants: [name: string, overrides: Partial<ProxyConfig>][] = [
    ["base", {}],
    ["no LocalTrafficDetector", { detectLocal: { mode: "None" } }],
    ["masqueradeAll", { masqueradeAll: true }],
    ["masqueradeAll, no LocalTrafficDetector", { masqueradeAll: true, detectLocal: { mode: "None" } }],
  ];
  describe.each(variants)("%s", (name, overrides) =>
    runNftFlows(internalExternalMasqueradeInput, nftFakeProxierConfig(overrides), withoutLocalhost(kubeProxyFlows(`TestInternalExternalMasquerade/${name}`))),
  );
});

describe("TestNoEndpointsReject (nftables)", () => {
  runNftFlows(noEndpointsRejectInput, nftFakeProxierConfig(), kubeProxyFlows("TestNoEndpointsReject"));
});

describe("ClusterIP checks (spec §13 behaviours)", () => {
  const svc = service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("p80", 80)] });
  const eps = slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.0.1")]);
  runNftFlows(snapshot([svc], [eps]), nftFakeProxierConfig(), [
    { name: "a port the ClusterIP does not serve is rejected", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 8080, output: "REJECT" },
    { name: "an unallocated ClusterIP is dropped", sourceIP: "10.0.0.2", destIP: "172.30.0.99", destPort: 80, output: "DROP" },
    { name: "UDP on the TCP port is a different service port", sourceIP: "10.0.0.2", protocol: "udp", destIP: "172.30.0.41", destPort: 80, output: "REJECT" },
  ]);
});

describe("TestClusterIPGeneral (nftables)", () => {
  // The nftables test rejects the ports a ClusterIP does not serve (iptables lets them through
  // unmatched) and adds a flow to an unallocated ClusterIP.
  const rejected = kubeProxyFlows("TestClusterIPGeneral").map((f) => (f.output === "" ? { ...f, output: "REJECT" } : f));
  runNftFlows(clusterIPGeneralInput, nftFakeProxierConfig(), [
    ...rejected,
    { name: "packet to unallocated cluster ip", sourceIP: "10.180.0.2", destIP: "172.30.0.50", destPort: 80, output: "DROP" },
  ]);
});

describe("TestLoadBalancer (nftables)", () => {
  const svc = service("ns1", "svc1", {
    type: "LoadBalancer",
    clusterIPs: ["172.30.0.41"],
    ports: [port("p80", 80, { nodePort: 3001 })],
    loadBalancerIngress: [{ ip: "1.2.3.4" }, { ip: "5.6.7.8" }],
    // kube-proxy's regression input has " 203.0.113.0/25" with a space, which kprc's input layer trims.
    loadBalancerSourceRanges: ["192.168.0.0/24", "203.0.113.0/25"],
  });
  runNftFlows(snapshot([svc], [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.0.1")])]), nftFakeProxierConfig(), kubeProxyFlows("TestLoadBalancer"));
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
    // kube-proxy finds node-port addresses on the host's interfaces (the fake has both node IPs);
    // kprc takes the node's IPs from its settings.
    const config = nftFakeProxierConfig({
      family,
      nodeIPs: v4 ? [nodeIP, "192.168.1.2"] : ["2001:db8::1", "2001:db8:1::2"],
      detectLocal: { mode: "ClusterCIDR", cidrs: [v4 ? "10.0.0.0/8" : "fd00:10::/64"] },
      serviceCIDRs: [v4 ? "172.30.0.0/16" : "fd00:10:96::/112"],
      ...(nodePortAddresses ? { nodePortAddresses } : {}),
    });
    runNftFlows(nodePortsInput(family), config, withoutLocalhost(nodePortFlows(family, false, allowAlt)));
  });
});

describe("TestExternalTrafficPolicyLocal / TestExternalTrafficPolicyCluster (nftables)", () => {
  describe.each(["Local", "Cluster"] as const)("%s", (policy) =>
    runNftFlows(externalTrafficPolicyInput(policy), nftFakeProxierConfig(), kubeProxyFlows(`TestExternalTrafficPolicy${policy}`)),
  );
});

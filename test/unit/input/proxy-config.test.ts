import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/input/errors.js";
import { loadSnapshot } from "../../../src/input/load-snapshot.js";
import { resolveProxyConfig } from "../../../src/input/proxy-config.js";
import { defaultProxyConfig } from "../../../src/model/config.js";

const node = loadSnapshot([
  {
    name: "node.yaml",
    text: `apiVersion: v1
kind: Node
metadata: {name: node-a, labels: {topology.kubernetes.io/zone: zone-1}}
spec: {podCIDRs: [10.244.1.0/24, "fd00:1::/64"]}
status:
  addresses:
  - {type: ExternalIP, address: 203.0.113.5}
  - {type: InternalIP, address: 10.0.0.5}
  - {type: Hostname, address: node-a}
`,
  },
]).snapshot;

const configFile = (body: string) => ({ name: "kube-proxy.yaml", text: `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n${body}` });

describe("ProxyConfig resolution", () => {
  it("is kube-proxy's defaults when nothing is given", () => {
    expect(resolveProxyConfig()).toEqual(defaultProxyConfig);
  });

  it("takes the node's IPs (InternalIP first) and zone from its Node object", () => {
    const config = resolveProxyConfig({ flags: { nodeName: "node-a" }, snapshot: node });
    expect(config.nodeIPs).toEqual(["10.0.0.5", "203.0.113.5"]);
    expect(config.nodeZone).toBe("zone-1");
  });

  it("lets flags override the Node object", () => {
    const config = resolveProxyConfig({ flags: { nodeName: "node-a", nodeIPs: ["10.9.9.9"], nodeZone: "zone-9" }, snapshot: node });
    expect(config.nodeIPs).toEqual(["10.9.9.9"]);
    expect(config.nodeZone).toBe("zone-9");
  });

  it("reads a KubeProxyConfiguration file", () => {
    const config = resolveProxyConfig({
      configFile: configFile(
        "hostnameOverride: node-a\nclusterCIDR: 10.244.0.0/16,fd00::/48\nnodePortAddresses: [10.0.0.0/8]\niptables:\n  masqueradeAll: true\n  masqueradeBit: 13\n  localhostNodePorts: false\n",
      ),
    });
    expect(config).toMatchObject({
      nodeName: "node-a",
      detectLocal: { mode: "ClusterCIDR", cidrs: ["10.244.0.0/16", "fd00::/48"] },
      nodePortAddresses: ["10.0.0.0/8"],
      masqueradeAll: true,
      masqueradeBit: 13,
      localhostNodePorts: false,
    });
  });

  it("lets flags win over the configuration file", () => {
    const config = resolveProxyConfig({
      flags: { masqueradeBit: 5, clusterCIDRs: ["10.100.0.0/16"] },
      configFile: configFile("clusterCIDR: 10.244.0.0/16\niptables: {masqueradeBit: 13, masqueradeAll: true}\n"),
    });
    expect(config.masqueradeBit).toBe(5);
    expect(config.masqueradeAll).toBe(true);
    expect(config.detectLocal).toEqual({ mode: "ClusterCIDR", cidrs: ["10.100.0.0/16"] });
  });

  it("uses no local-traffic detector without a cluster CIDR", () => {
    expect(resolveProxyConfig({ flags: { detectLocalMode: "ClusterCIDR" } }).detectLocal).toEqual({ mode: "None" });
  });

  it("takes NodeCIDR detection from the Node's pod CIDRs", () => {
    const config = resolveProxyConfig({ flags: { nodeName: "node-a", detectLocalMode: "NodeCIDR" }, snapshot: node });
    expect(config.detectLocal).toEqual({ mode: "NodeCIDR", cidrs: ["10.244.1.0/24", "fd00:1::/64"] });
  });

  it("reads interface-based detection with its interface settings", () => {
    expect(resolveProxyConfig({ flags: { detectLocalMode: "InterfaceNamePrefix", podInterfaceNamePrefix: "veth" } }).detectLocal).toEqual({
      mode: "InterfaceNamePrefix",
      prefix: "veth",
    });
    const fromFile = resolveProxyConfig({ configFile: configFile("detectLocalMode: BridgeInterface\ndetectLocal: {bridgeInterface: cbr0}\n") });
    expect(fromFile.detectLocal).toEqual({ mode: "BridgeInterface", interfaceName: "cbr0" });
  });

  it("splits comma-separated and repeated list flags", () => {
    const config = resolveProxyConfig({ flags: { nodePortAddresses: ["10.0.0.0/8,192.168.0.1/24", "primary"], clusterCIDRs: ["10.0.0.0/8, fd00::/48"] } });
    expect(config.nodePortAddresses).toEqual(["10.0.0.0/8", "192.168.0.0/24", "primary"]);
    expect(config.detectLocal).toEqual({ mode: "ClusterCIDR", cidrs: ["10.0.0.0/8", "fd00::/48"] });
  });

  it("takes service CIDRs from ServiceCIDR objects, unless --service-cidr is given", () => {
    const { snapshot } = loadSnapshot([
      { name: "cidr.yaml", text: "apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata: {name: kubernetes}\nspec: {cidrs: [10.96.0.0/12, 'fd00:10:96::/112']}\n" },
    ]);
    expect(resolveProxyConfig({ snapshot }).serviceCIDRs).toEqual(["10.96.0.0/12", "fd00:10:96::/112"]);
    expect(resolveProxyConfig({ snapshot, flags: { serviceCIDRs: ["172.30.0.0/16"] } }).serviceCIDRs).toEqual(["172.30.0.0/16"]);
    expect(resolveProxyConfig().serviceCIDRs).toBeUndefined();
  });

  it.each([
    [{ masqueradeBit: 32 }, /--iptables-masquerade-bit: "32" is not a whole number in 0–31/],
    [{ nodeIPs: ["10.0.0.300"] }, /--node-ip: "10.0.0.300" is not an IP address/],
    [{ clusterCIDRs: ["10.0.0.0/40"] }, /--cluster-cidr: "10.0.0.0\/40" is not a CIDR/],
    [{ nodePortAddresses: ["everything"] }, /--nodeport-addresses: "everything" is not a CIDR or "primary"/],
    [{ nodeName: "Node_A" }, /--hostname-override: "Node_A" is not a valid name/],
    [{ detectLocalMode: "InterfaceNamePrefix" as const, podInterfaceNamePrefix: 'veth"; drop' }, /--pod-interface-name-prefix: .* is not an interface name/],
    [{ detectLocalMode: "BridgeInterface" as const }, /needs --pod-bridge-interface/],
    [{ detectLocalMode: "NodeCIDR" as const }, /NodeCIDR needs the Node/],
  ])("rejects bad flags: %j", (flags, message) => {
    const run = () => resolveProxyConfig({ flags });
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });

  it("points at the line of a bad configuration file field", () => {
    expect(() => resolveProxyConfig({ configFile: configFile("iptables:\n  masqueradeBit: 99\n") })).toThrow(
      "kube-proxy.yaml:4:18: KubeProxyConfiguration: iptables.masqueradeBit: 99 is not a whole number in 0–31",
    );
  });

  it("refuses a file that is not a KubeProxyConfiguration", () => {
    expect(() => resolveProxyConfig({ configFile: { name: "c.yaml", text: "apiVersion: v1\nkind: Service\n" } })).toThrow(/c\.yaml:2:7: .*is not a KubeProxyConfiguration/);
  });
});

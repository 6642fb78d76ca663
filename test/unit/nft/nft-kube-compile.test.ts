import { describe, expect, it } from "vitest";
import { compileNftKube } from "../../../src/compile/nft-kube/index.js";
import { defaultProxyConfig, type ProxyConfig } from "../../../src/model/config.js";
import { nftText } from "../../../src/render/nft/index.js";
import { endpoint, port, service, slice, snapshot } from "../../kube-proxy/builders.js";

// nftables-mode rules the upstream dumps reproduced elsewhere do not cover (spec §6–§9, §12).

const config = (overrides: Partial<ProxyConfig> = {}): ProxyConfig => ({
  ...defaultProxyConfig,
  nodeName: "test-node",
  nodeIPs: ["192.168.0.2"],
  detectLocal: { mode: "ClusterCIDR", cidrs: ["10.0.0.0/8"] },
  ...overrides,
});

const rules = (text: string, chainPrefix: string) => text.split("\n").filter((l) => l.startsWith(`add rule ip kube-proxy ${chainPrefix}`) || l.startsWith(`add rule ip6 kube-proxy ${chainPrefix}`));

describe("compileNftKube", () => {
  const lb = (ranges: string[]) =>
    service("ns5", "svc5", { type: "LoadBalancer", clusterIPs: ["172.30.0.45"], ports: [port("p80", 80, { nodePort: 3002 })], loadBalancerIngress: [{ ip: "5.6.7.8" }], loadBalancerSourceRanges: ranges });
  const eps = slice("ns5", "svc5", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.0.3")]);

  it("lets the LB VIPs through the firewall when a source range holds the node IP", () => {
    const text = nftText(compileNftKube(snapshot([lb(["192.168.0.0/24", "203.0.113.0/25"])], [eps]), config()));
    expect(rules(text, "firewall-HVFWP5L3")).toEqual([
      "add rule ip kube-proxy firewall-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr != { 192.168.0.0/24 , 203.0.113.0/25 , 5.6.7.8 } drop",
    ]);
  });

  it("keeps the firewall chain of a service with no endpoints, unlike iptables mode", () => {
    const text = nftText(compileNftKube(snapshot([lb(["203.0.113.0/25"])]), config()));
    expect(text).toContain("add element ip kube-proxy firewall-ips { 5.6.7.8 . tcp . 80 : goto firewall-HVFWP5L3-ns5/svc5/tcp/p80 }");
    expect(text).toContain('add element ip kube-proxy no-endpoint-services { 5.6.7.8 . tcp . 80 comment "ns5/svc5:p80" : goto reject-chain }');
    expect(text).not.toContain("service-ips { 5.6.7.8");
  });

  it("dispatches node ports on every local address but loopback when nodePortAddresses is empty", () => {
    const text = nftText(compileNftKube(snapshot([]), config()));
    expect(text).not.toContain("nodeport-ips");
    expect(rules(text, "services ")).toContain("add rule ip kube-proxy services fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports");
    expect(rules(text, "nodeport-endpoints-check")).toEqual(["add rule ip kube-proxy nodeport-endpoints-check ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports"]);
  });

  it("writes the IPv6 table with ip6 matches, ::1 excluded and bracketed DNAT", () => {
    const svc = service("ns1", "svc1", { clusterIPs: ["fd00:10:96::1"], ports: [port("p80", 80)] });
    const v6 = slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("fd00:10:180::1")], "IPv6");
    const text = nftText(compileNftKube(snapshot([svc], [v6]), config({ family: "ipv6", nodeIPs: ["2001:db8::1"], detectLocal: { mode: "ClusterCIDR", cidrs: ["fd00:10::/64"] } })));
    expect(text).toContain("add set ip6 kube-proxy cluster-ips { type ipv6_addr ; comment \"Active ClusterIPs\" ; }");
    expect(text).toContain("add rule ip6 kube-proxy endpoint-ZVRFLKHO-ns1/svc1/tcp/p80__fd00.10.180..1/80 meta l4proto tcp dnat to [fd00:10:180::1]:80");
    expect(text).toContain("ip6 daddr != ::1 meta l4proto . th dport vmap @service-nodeports");
    expect(text).not.toMatch(/ ip (saddr|daddr) /);
  });

  it("marks all ClusterIP traffic with masqueradeAll and none without a local-traffic detector", () => {
    const svc = service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("p80", 80)] });
    const one = slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.0.1")]);
    const all = nftText(compileNftKube(snapshot([svc], [one]), config({ masqueradeAll: true })));
    expect(rules(all, "service-ULMVA6XW")[0]).toBe("add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 jump mark-for-masquerade");
    const none = nftText(compileNftKube(snapshot([svc], [one]), config({ detectLocal: { mode: "None" } })));
    expect(rules(none, "service-ULMVA6XW")).toHaveLength(1);
  });

  it("cuts an element comment to nft's 128 bytes", () => {
    const ns = "n".repeat(63);
    const name = "s".repeat(63);
    const svc = service(ns, name, { clusterIPs: ["172.30.0.9"], ports: [port("p".repeat(15), 80)] });
    const text = nftText(compileNftKube(snapshot([svc]), config()));
    const comment = /no-endpoint-services \{ 172\.30\.0\.9 \. tcp \. 80 comment "([^"]*)"/.exec(text)?.[1];
    expect(comment).toHaveLength(128);
  });
});

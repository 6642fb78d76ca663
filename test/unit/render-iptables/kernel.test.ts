import { describe, expect, it } from "vitest";
import { compile } from "../../../src/compile/index.js";
import { chainName } from "../../../src/model/names.js";
import type { Ruleset } from "../../../src/model/ruleset.js";
import { iptablesText } from "../../../src/render/iptables/index.js";
import { kernelAvailability, requireKernelInCi, withNetns } from "../../support/netns.js";
import { endpoint, fakeProxierConfig, port, service, slice, snapshot } from "../../kube-proxy/builders.js";

// The renderer's output loaded into a real kernel, in throw-away network namespaces (prefix kc):
// with the built-in jumps a payload works on its own in an empty namespace.

const kernel = kernelAvailability(["ip", "iptables-restore", "ip6tables-restore", "iptables-save"]);
requireKernelInCi(kernel);

const v4 = snapshot(
  [
    service("ns1", "svc1", {
      type: "LoadBalancer",
      clusterIPs: ["172.30.0.41"],
      ports: [port("p80", 80, { nodePort: 3001 })],
      externalIPs: ["192.168.99.11"],
      loadBalancerIngress: [{ ip: "1.2.3.4" }],
      loadBalancerSourceRanges: ["203.0.113.0/25"],
      sessionAffinity: { timeoutSeconds: 100 },
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 30000,
    }),
  ],
  [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.0.1", { nodeName: "test-node" }), endpoint("10.180.0.2")])],
);

const v6 = snapshot(
  [service("ns1", "svc1", { type: "NodePort", clusterIPs: ["fd00:172:30::41"], ports: [port("p80", 80, { nodePort: 3001 }), port("dns", 53, { protocol: "udp" })] })],
  [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }, { name: "dns", port: 53, protocol: "udp" }], [endpoint("fd00:10:180::1"), endpoint("fd00:10:180::2")], "IPv6")],
);

describe.skipIf(!kernel.ok)(`iptables-restore in a network namespace${kernel.ok ? "" : ` (skipped: ${kernel.reason})`}`, () => {
  it("loads a payload with built-in jumps into an empty namespace and hooks the chains in", async () => {
    await withNetns("kc", (ns) => {
      ns.check("iptables-restore", [], iptablesText(compile(v4, fakeProxierConfig({ builtinJumps: true, nfacct: false }))));
      const saved = ns.check("iptables-save", []);
      expect(saved).toContain("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES");
      expect(saved).toContain("-A INPUT -j KUBE-FIREWALL");
      expect(saved).toContain("-A KUBE-SEP-");
    });
  });

  it("loads nfacct matches once kube-proxy's counters exist", async () => {
    await withNetns("kc", (ns) => {
      const hasNfacct = ns.run("nfacct", ["add", "ct_state_invalid_dropped_pkts"]).status === 0 && ns.run("nfacct", ["add", "localhost_nps_accepted_pkts"]).status === 0;
      if (!hasNfacct) return;
      ns.check("iptables-restore", [], iptablesText(compile(v4, fakeProxierConfig({ builtinJumps: true, nfacct: true }))));
    });
  });

  it("loads the kube-proxy-style payload (no built-in jumps, production marks) with --noflush", async () => {
    await withNetns("kc", (ns) => {
      const text = iptablesText(compile(v4, fakeProxierConfig({ nfacct: false, randomFully: true })), { markFormat: "padded" });
      ns.check("iptables-restore", ["--noflush"], text);
      expect(ns.check("iptables-save", ["-t", "nat"])).toContain("--set-xmark 0x4000/0x4000");
    });
  });

  it("loads an IPv6 payload with ip6tables-restore", async () => {
    await withNetns("kc", (ns) => {
      ns.check("ip6tables-restore", [], iptablesText(compile(v6, fakeProxierConfig({ family: "ipv6", builtinJumps: true, nfacct: false }))));
      expect(ns.check("ip6tables-save", ["-t", "nat"])).toContain("--to-destination [fd00:10:180::1]:80");
    });
  });

  it("loads a payload without KUBE-FIREWALL (localhost node ports off) with the built-in jumps", async () => {
    await withNetns("kc", (ns) => {
      ns.check("iptables-restore", [], iptablesText(compile(v4, fakeProxierConfig({ builtinJumps: true, nfacct: false, localhostNodePorts: false }))));
      expect(ns.check("iptables-save", ["-t", "filter"])).not.toContain("KUBE-FIREWALL");
    });
  });

  it("keeps a hostile comment inside its quotes", async () => {
    const hostile = 'x" -j ACCEPT "\\y';
    const ruleset: Ruleset = {
      family: "ipv4",
      tables: [{ name: "nat", chains: [{ name: chainName("KUBE-X"), rules: [{ matches: [{ kind: "comment", text: hostile }], target: { kind: "verdict", verdict: "RETURN" } }] }] }],
    };
    await withNetns("kc", (ns) => {
      ns.check("iptables-restore", [], iptablesText(ruleset));
      expect(ns.check("iptables-save", ["-t", "nat"])).toContain('-A KUBE-X -m comment --comment "x\\" -j ACCEPT \\"\\\\y" -j RETURN');
    });
  });
});

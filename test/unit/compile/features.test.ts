import { describe, expect, it } from "vitest";
import { endpoint, port, service, slice, snapshot } from "../../kube-proxy/builders.js";
import { payload } from "../../kube-proxy/dumps.js";
import { chainRules } from "../../support/kube-proxy-canonical.js";

const np = (extra: Parameters<typeof service>[2] = {}) =>
  snapshot(
    [service("ns1", "svc1", { type: "NodePort", clusterIPs: ["172.30.0.41"], ports: [port("p80", 80, { nodePort: 3001 })], ...extra })],
    [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.180.0.1", { nodeName: "test-node" }), endpoint("10.180.0.2")])],
  );
const last = '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';

describe("node ports", () => {
  it("hands every local address to KUBE-NODEPORTS by default, excluding loopback without localhost node ports", () => {
    expect(payload(np())).toContain(`${last} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n`);
    expect(payload(np(), { localhostNodePorts: false })).toContain(`${last} -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS\n`);
  });

  it("writes one rule per node IP inside --nodeport-addresses, with primary meaning the node's first IP", () => {
    const nodeIPs = ["192.168.0.2", "192.168.1.2", "2001:db8::1"];
    const some = payload(np(), { nodeIPs, nodePortAddresses: ["192.168.0.0/16"] });
    expect(chainRules(some, "nat", "KUBE-SERVICES").split("\n").filter((l) => l.startsWith(last))).toEqual([
      `${last} -d 192.168.0.2 -j KUBE-NODEPORTS`,
      `${last} -d 192.168.1.2 -j KUBE-NODEPORTS`,
    ]);
    const primary = payload(np(), { nodeIPs, nodePortAddresses: ["primary"] });
    expect(primary).toContain(`${last} -d 192.168.0.2 -j KUBE-NODEPORTS\n`);
    expect(primary).not.toContain("-d 192.168.1.2 -j KUBE-NODEPORTS");
  });

  it("accepts localhost node ports only with IPv4 loopback in --nodeport-addresses, counted by nfacct when available", () => {
    expect(payload(np(), { nodePortAddresses: ["127.0.0.0/8"] })).toContain(`${last} -d 127.0.0.1 -j KUBE-NODEPORTS\n`);
    expect(payload(np(), { nodePortAddresses: ["192.168.0.0/16"] })).not.toContain(":KUBE-FIREWALL");
    expect(payload(np(), { nfacct: false })).not.toContain("-d 127.0.0.0/8 --dport 3001");
  });
});

describe("IPv6", () => {
  const v6 = snapshot(
    [service("ns1", "svc1", { type: "NodePort", clusterIPs: ["fd00:172:30::41"], ports: [port("p80", 80, { nodePort: 3001 })] })],
    [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("fd00:10:180::1")], "IPv6")],
  );
  const text = payload(v6, { family: "ipv6" });

  it("writes ip6tables forms: ::1 excluded from node ports, bracketed DNAT, no KUBE-FIREWALL", () => {
    expect(text).toContain(`${last} -m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS\n`);
    expect(text).toContain("-j DNAT --to-destination [fd00:10:180::1]:80\n");
    expect(text).toContain('--comment "ns1/svc1:p80 -> [fd00:10:180::1]:80"');
    expect(text).toContain("-d fd00:172:30::41 --dport 80 ! -s fd00:10::/64 -j KUBE-MARK-MASQ");
    expect(text).not.toContain("KUBE-FIREWALL");
    expect(text).not.toContain("127.0.0.0/8");
  });
});

describe("detect-local modes", () => {
  it.each([
    [{ mode: "NodeCIDR", cidrs: ["10.244.1.0/24"] }, "! -s 10.244.1.0/24", "-s 10.244.1.0/24"],
    [{ mode: "BridgeInterface", interfaceName: "cbr0" }, "! -i cbr0", "-i cbr0"],
    [{ mode: "InterfaceNamePrefix", prefix: "veth" }, "! -i veth+", "-i veth+"],
  ] as const)("writes %j as %s / %s", (detectLocal, notLocal, local) => {
    const text = payload(np({ externalTrafficPolicy: "Local" }), { detectLocal });
    expect(text).toContain(`--dport 80 ${notLocal} -j KUBE-MARK-MASQ`);
    expect(text).toContain(`--comment "pod traffic for ns1/svc1:p80 external destinations" ${local} -j KUBE-SVC-`);
  });

  it("writes no detector rules with the no-op detector, and masquerades everything with masqueradeAll", () => {
    const none = payload(np({ externalTrafficPolicy: "Local" }), { detectLocal: { mode: "None" } });
    expect(none).not.toContain("pod traffic for");
    expect(none).not.toMatch(/cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 .*KUBE-MARK-MASQ/);
    expect(payload(np(), { masqueradeAll: true })).toContain('-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-MARK-MASQ\n');
  });
});

describe("traffic policies", () => {
  it("sends external traffic to KUBE-SVL with externalTrafficPolicy Local and local endpoints", () => {
    const text = payload(np({ externalTrafficPolicy: "Local" }));
    expect(text).toContain("-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVL-XPGD46QRK7WJZT7O\n");
    expect(chainRules(text, "nat", "KUBE-SVL-XPGD46QRK7WJZT7O")).toBe('-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ\n');
  });

  it("puts the cluster-IP masquerade rule in KUBE-SVL with internalTrafficPolicy Local", () => {
    const text = payload(snapshot([service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("p80", 80)], internalTrafficPolicy: "Local" })], np().endpointSlices));
    expect(text).toContain('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVL-XPGD46QRK7WJZT7O\n');
    expect(chainRules(text, "nat", "KUBE-SVL-XPGD46QRK7WJZT7O").split("\n")[0]).toContain("! -s 10.0.0.0/8 -j KUBE-MARK-MASQ");
    expect(text).not.toContain(":KUBE-SVC-");
  });

  it("uses the bare namespace/name for an unnamed port", () => {
    const text = payload(snapshot([service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("", 80)] })], [slice("ns1", "svc1", 1, [{ name: "", port: 80 }], [endpoint("10.0.0.1")])]));
    expect(text).toContain('--comment "ns1/svc1 cluster IP"');
    expect(text).toContain(":KUBE-SVC-AQI2S6QIMU7PVVRP - [0:0]");
  });
});

describe("built-in jumps", () => {
  it("writes them in the order kube-proxy's prepends leave them, declaring the built-in chains", () => {
    const text = payload(np(), { builtinJumps: true });
    expect(text).toContain(":INPUT ACCEPT [0:0]\n");
    expect(chainRules(text, "filter", "INPUT")).toBe(
      [
        "-A INPUT -j KUBE-FIREWALL",
        '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
        '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
        '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
        "",
      ].join("\n"),
    );
    expect(chainRules(text, "nat", "PREROUTING")).toBe('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n');
    expect(chainRules(text, "nat", "POSTROUTING")).toBe('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\n');
  });

  it("leaves out kubelet's KUBE-FIREWALL jumps when the payload has no KUBE-FIREWALL chain", () => {
    const text = payload(np(), { builtinJumps: true, localhostNodePorts: false });
    expect(text).not.toContain("-j KUBE-FIREWALL");
    expect(chainRules(text, "filter", "OUTPUT").split("\n")).toHaveLength(3);
  });
});

describe("large-cluster mode", () => {
  const eps = (n: number) => Array.from({ length: n }, (_, i) => endpoint(`10.1.${Math.floor(i / 250)}.${i % 250}`, { ready: i % 2 === 0 }));
  const svc = service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("p80", 80)] });

  it("counts every endpoint of proxied service ports, ready or not, against the threshold", () => {
    const text = payload(snapshot([svc], [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], eps(1001))]));
    expect(text).not.toMatch(/-A KUBE-SEP-\S+ -m comment/);
    expect(text).toContain('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP"');
  });

  it("does not count endpoints of slices whose service is not proxied", () => {
    const orphan = slice("ns9", "gone", 1, [{ name: "p80", port: 80 }], eps(1001));
    const text = payload(snapshot([svc], [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint("10.0.0.1")]), orphan]));
    expect(text).toMatch(/-A KUBE-SEP-\S+ -m comment --comment ns1\/svc1:p80 -s 10.0.0.1/);
  });
});

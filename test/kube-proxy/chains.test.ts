import { describe, expect, it } from "vitest";
import type { Endpoint } from "../../src/model/snapshot.js";
import { endpoint, expected, port, service, slice, snapshot } from "./builders.js";
import { chainRules } from "../support/kube-proxy-canonical.js";
import { payload } from "./dumps.js";

// proxier_test.go cases that compare one chain exactly (assertIPTablesChainEqual) or single lines.

describe("TestMasqueradeRule", () => {
  const chain = (randomFully: boolean) =>
    expected(`
      -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
      -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
      -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${randomFully ? " --random-fully" : ""}
    `);

  it.each([false, true])("writes KUBE-POSTROUTING exactly with randomFully %s", (randomFully) => {
    expect(chainRules(payload(snapshot([]), { randomFully }), "nat", "KUBE-POSTROUTING")).toBe(chain(randomFully));
  });
});

describe("TestDropInvalidRule", () => {
  const forward = [
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT\n`,
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n`,
  ].join("");

  it.each([
    { nfacct: false, liberal: false, drop: "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP\n" },
    { nfacct: true, liberal: false, drop: "-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP\n" },
    { nfacct: false, liberal: true, drop: "" },
  ])("writes KUBE-FORWARD exactly with nfacct $nfacct and tcp_be_liberal $liberal", ({ nfacct, liberal, drop }) => {
    const text = payload(snapshot([]), { nfacct, conntrackTcpBeLiberal: liberal });
    expect(chainRules(text, "filter", "KUBE-FORWARD")).toBe(drop + forward);
  });
});

describe("TestNodePorts (KUBE-FIREWALL)", () => {
  const firewall =
    '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP\n';

  it.each([
    { family: "ipv4", localhost: true, addresses: [], firewall: true },
    { family: "ipv4", localhost: false, addresses: [], firewall: false },
    { family: "ipv4", localhost: false, addresses: ["192.168.0.0/24", "127.0.0.1/32"], firewall: false },
    { family: "ipv4", localhost: false, addresses: ["192.168.0.0/24", "192.168.1.0/24", "2001:db8::/64"], firewall: false },
    { family: "ipv6", localhost: true, addresses: [], firewall: false },
    { family: "ipv6", localhost: false, addresses: [], firewall: false },
    { family: "ipv6", localhost: false, addresses: ["192.168.0.0/24", "192.168.1.0/24", "2001:db8::/64"], firewall: false },
  ] as const)("writes the anti-martian rule only when expected: $family localhost=$localhost $addresses", ({ family, localhost, addresses, firewall: want }) => {
    const ipv6 = family === "ipv6";
    const input = snapshot(
      [service("ns1", "svc1", { type: "NodePort", clusterIPs: [ipv6 ? "fd00:172:30::41" : "172.30.0.41"], ports: [port("p80", 80, { nodePort: 3001 })] })],
      [
        slice(
          "ns1",
          "svc1",
          1,
          [{ name: "p80", port: 80 }],
          [endpoint(ipv6 ? "fd00:10:180::1" : "10.180.0.1"), endpoint(ipv6 ? "fd00:10:180::2:1" : "10.180.2.1", { nodeName: "test-node" })],
          ipv6 ? "IPv6" : "IPv4",
        ),
      ],
    );
    const text = payload(input, { family, localhostNodePorts: localhost, nodePortAddresses: addresses });
    expect(chainRules(text, "filter", "KUBE-FIREWALL")).toBe(want ? firewall : "");
    expect(text.includes(":KUBE-FIREWALL - [0:0]")).toBe(want);
  });
});

describe("TestSyncProxyRulesLargeClusterMode", () => {
  const many = (prefix: string, n: number): Endpoint[] => Array.from({ length: n }, (_, i) => endpoint(`${prefix}.${i % 256}.${Math.floor(i / 256)}`));
  const services = [
    service("ns1", "svc1", { clusterIPs: ["172.30.0.41"], ports: [port("p80", 80)] }),
    service("ns2", "svc2", { clusterIPs: ["172.30.0.42"], ports: [port("p8080", 8080)] }),
    service("ns3", "svc3", { clusterIPs: ["172.30.0.43"], ports: [port("p8081", 8081)] }),
  ];
  const slices = [
    slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], many("10.0", 499)),
    slice("ns2", "svc2", 1, [{ name: "p8080", port: 8080 }], many("10.1", 499)),
  ];
  const svc3 = slice("ns3", "svc3", 1, [{ name: "p8081", port: 8081 }], ["203.0.113.4", "203.0.113.8", "203.0.113.12"].map((ip) => endpoint(ip)));
  const dnatLines = (text: string) => text.split("\n").filter((l) => l.startsWith("-A KUBE-SEP-") && l.includes("-j DNAT"));

  it("keeps endpoint comments at 998 endpoints, under the threshold", () => {
    const lines = dnatLines(payload(snapshot(services, slices), { masqueradeAll: true }));
    expect(lines).toHaveLength(998);
    expect(lines.filter((l) => l.includes("--comment"))).toHaveLength(998);
    expect(lines).toContain("-A KUBE-SEP-DKGQUZGBKLTPAR56 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80");
  });

  it("drops every endpoint comment above the threshold, as kube-proxy's full resync does", () => {
    const text = payload(snapshot(services, [...slices, svc3]), { masqueradeAll: true });
    const lines = dnatLines(text);
    expect(lines).toHaveLength(1001);
    expect(lines.filter((l) => l.includes("--comment"))).toHaveLength(0);
    expect(lines).toContain("-A KUBE-SEP-DKGQUZGBKLTPAR56 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80");
    expect(lines).toContain("-A KUBE-SEP-RUVVH7YV3PHQBDOS -m tcp -p tcp -j DNAT --to-destination 203.0.113.4:8081");
    // Comments stay on every other rule.
    expect(text).toContain('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP"');
  });

  it("writes svc4's endpoint without a comment in large-cluster mode", () => {
    const svc4 = service("ns4", "svc4", { clusterIPs: ["172.30.0.44"], ports: [port("p8082", 8082)] });
    const eps4 = slice("ns4", "svc4", 1, [{ name: "p8082", port: 8082 }], [endpoint("10.4.0.1")]);
    const lines = dnatLines(payload(snapshot([...services, svc4], [...slices, svc3, eps4]), { masqueradeAll: true }));
    expect(lines).toContain("-A KUBE-SEP-SU5STNODRYEWJAUF -m tcp -p tcp -j DNAT --to-destination 10.4.0.1:8082");
  });
});

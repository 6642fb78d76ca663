import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileDelta } from "../src/compile/delta.js";
import { compileNftKube } from "../src/compile/nft-kube/index.js";
import { loadSnapshot } from "../src/input/load-snapshot.js";
import { defaultProxyConfig, type ProxyConfig } from "../src/model/config.js";
import { nftText } from "../src/render/nft/index.js";
import { dumpLines, sortNFTablesTransaction } from "./unit/nft/kube-proxy-canonical.js";

// TestSyncProxyRulesRepeated (kubernetes pkg/proxy/nftables/proxier_test.go): the first full sync
// of ns1/svc1 + ns2/svc2 (fixtures/kp-sync-repeated.yaml), then ns3/svc3 added. Expected texts are
// the test's `baseRules + …` dumps. kprc is stateless, so the second state is compiled whole, and
// the partial sync between the two comes from compileDelta.

const config: ProxyConfig = {
  ...defaultProxyConfig,
  nodeName: "test-node",
  nodeIPs: ["192.168.0.2"],
  detectLocal: { mode: "ClusterCIDR", cidrs: ["10.0.0.0/8"] },
  nodePortAddresses: ["192.168.0.2/32", "2001:db8::1/128"],
  serviceCIDRs: ["172.30.0.0/16"],
};

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const expected = (...files: string[]) => sortNFTablesTransaction(files.map((f) => read(`./unit/nft/kube-proxy-expected/${f}`)).join("\n"));

const svc3 = `
- apiVersion: v1
  kind: Service
  metadata: { name: svc3, namespace: ns3 }
  spec: { type: ClusterIP, clusterIP: 172.30.0.43, ports: [{ name: p80, port: 80, protocol: TCP, targetPort: 80 }] }
- apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata: { name: svc3-1, namespace: ns3, labels: { kubernetes.io/service-name: svc3 } }
  addressType: IPv4
  endpoints: [{ addresses: [10.0.3.1] }]
  ports: [{ name: p80, port: 80, protocol: TCP }]
`;

const first = loadSnapshot([{ name: "kp-sync-repeated.yaml", text: read("../fixtures/kp-sync-repeated.yaml") }]).snapshot;
const second = loadSnapshot([{ name: "kp-sync-repeated.yaml", text: read("../fixtures/kp-sync-repeated.yaml") }, { name: "svc3.yaml", text: `apiVersion: v1\nkind: List\nitems:${svc3}` }]).snapshot;

describe("kube-proxy nftables mode: baseRules", () => {
  it("is the whole table of a node with no services", () => {
    const empty = { services: [], endpointSlices: [], nodes: [] };
    expect(sortNFTablesTransaction(dumpLines(nftText(compileNftKube(empty, config))))).toBe(expected("base-rules.nft"));
  });
});

describe("kube-proxy nftables mode: TestSyncProxyRulesRepeated", () => {
  it("reproduces the first full sync", () => {
    expect(sortNFTablesTransaction(dumpLines(nftText(compileNftKube(first, config))))).toBe(expected("base-rules.nft", "sync-repeated-1.nft"));
  });

  it("reproduces the state after a service and its endpoints are added", () => {
    expect(sortNFTablesTransaction(dumpLines(nftText(compileNftKube(second, config))))).toBe(expected("base-rules.nft", "sync-repeated-1.nft", "sync-repeated-2-added.nft"));
  });

  it("writes the partial sync as kube-proxy's 10 operations plus idempotent declarations", () => {
    const delta = nftText(compileDelta(first, second, config, { compiler: compileNftKube }));
    const lines = delta.trimEnd().split("\n");
    const declarations = lines.filter((l) => /^add (table|set|map) /.test(l));
    expect(lines.length - declarations.length).toBe(10);
    expect(declarations.map((l) => l.replace(/ \{ comment "rules for kube-proxy" ; \}$/, ""))).toEqual([
      "add table ip kube-proxy",
      'add set ip kube-proxy cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }',
      'add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }',
    ]);
  });
});

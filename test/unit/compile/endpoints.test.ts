import { describe, expect, it } from "vitest";
import { endpointsForServicePort } from "../../../src/compile/endpoints.js";
import { categorizeEndpoints, topologyMode } from "../../../src/compile/topology.js";
import { endpoint, slice } from "../../kube-proxy/builders.js";

const key = { namespace: "ns1", service: "ep1", portName: "p11", protocol: "udp" as const };
const p11 = [{ name: "p11", port: 11, protocol: "udp" as const }];

describe("endpoint order and dedup", () => {
  it("orders endpoints by plain string comparison, so 10.1.1.11:11 comes before 10.1.1.1:11 (kube-proxy's complex add and remove case)", () => {
    const eps = endpointsForServicePort([slice("ns1", "ep1", 1, p11, [endpoint("10.1.1.1"), endpoint("10.1.1.11")])], key, "test-node");
    expect(eps.map((e) => e.address)).toEqual(["10.1.1.11:11", "10.1.1.1:11"]);
  });

  it("merges slices and keeps one endpoint per ip:port; a terminating duplicate never replaces a ready one", () => {
    const slices = [
      slice("ns1", "ep1", 1, p11, [endpoint("10.1.1.1", { nodeName: "a" })]),
      slice("ns1", "ep1", 2, p11, [endpoint("10.1.1.1", { ready: false, terminating: true, nodeName: "b" }), endpoint("10.1.1.2")]),
    ];
    const eps = endpointsForServicePort(slices, key, "test-node");
    expect(eps.map((e) => [e.address, e.nodeName])).toEqual([["10.1.1.1:11", "a"], ["10.1.1.2:11", undefined]]);
  });

  it("uses only the first address of an endpoint, normalised, and brackets IPv6", () => {
    const eps = endpointsForServicePort([slice("ns1", "ep1", 1, p11, [{ ...endpoint("fd00:0:0::01"), addresses: ["fd00:0:0::01", "fd00::2"] }], "IPv6")], key, "n");
    expect(eps.map((e) => e.address)).toEqual(["[fd00::1]:11"]);
  });

  it("skips slice ports without a number and ports of another name or protocol", () => {
    const ports = [{ name: "p11", port: 11, protocol: "tcp" as const }, { name: "other", port: 12, protocol: "udp" as const }];
    expect(endpointsForServicePort([slice("ns1", "ep1", 1, ports, [endpoint("10.1.1.1")])], key, "n")).toEqual([]);
  });

  it("marks endpoints on the named node local, and none when no node name is configured", () => {
    const s = [slice("ns1", "ep1", 1, p11, [endpoint("10.1.1.1", { nodeName: "test-node" }), endpoint("10.1.1.2", { nodeName: "" })])];
    expect(endpointsForServicePort(s, key, "test-node").map((e) => e.isLocal)).toEqual([true, false]);
    expect(endpointsForServicePort(s, key, "").map((e) => e.isLocal)).toEqual([false, false]);
  });

});

const mk = (ip: string, extra: Parameters<typeof endpoint>[1] & { local?: boolean; zones?: string[]; nodes?: string[] } = {}) => {
  const { local, zones, nodes, ...rest } = extra;
  const e = endpoint(ip, rest);
  return {
    ip,
    port: 80,
    address: `${ip}:80`,
    ready: e.ready,
    serving: e.serving,
    terminating: e.terminating,
    isLocal: local ?? false,
    ...(zones || nodes ? { hints: { forZones: zones ?? [], forNodes: nodes ?? [] } } : {}),
  };
};
const clusterOnly = { usesClusterEndpoints: true, usesLocalEndpoints: false, nodeName: "test-node", zone: "zone-a" };
const both = { ...clusterOnly, usesLocalEndpoints: true };

describe("CategorizeEndpoints", () => {
  it("uses ready endpoints, and serving+terminating ones only when none is ready", () => {
    const ready = categorizeEndpoints([mk("10.0.0.1"), mk("10.0.0.2", { ready: false, serving: true, terminating: true })], clusterOnly);
    expect(ready.cluster.map((e) => e.ip)).toEqual(["10.0.0.1"]);
    const fallback = categorizeEndpoints([mk("10.0.0.2", { ready: false, serving: true, terminating: true }), mk("10.0.0.3", { ready: false, serving: false, terminating: true })], clusterOnly);
    expect(fallback.cluster.map((e) => e.ip)).toEqual(["10.0.0.2"]);
    expect(fallback.hasEndpoints).toBe(true);
  });

  it("never uses a not-ready endpoint that is serving but not terminating", () => {
    const c = categorizeEndpoints([mk("10.0.0.1", { ready: false, serving: true })], both);
    expect(c.hasEndpoints).toBe(false);
    expect(c.allReachable).toEqual([]);
  });

  it("prefers the node's zone when every ready endpoint has a zone hint and one matches", () => {
    const eps = [mk("10.0.0.1", { zones: ["zone-a"] }), mk("10.0.0.2", { zones: ["zone-b"] })];
    expect(topologyMode(eps, "test-node", "zone-a")).toBe("PreferSameZone");
    expect(categorizeEndpoints(eps, clusterOnly).cluster.map((e) => e.ip)).toEqual(["10.0.0.1"]);
  });

  it("ignores zone hints when one ready endpoint has none, or none is for this zone", () => {
    expect(topologyMode([mk("10.0.0.1", { zones: ["zone-a"] }), mk("10.0.0.2")], "test-node", "zone-a")).toBe("");
    expect(topologyMode([mk("10.0.0.1", { zones: ["zone-b"] })], "test-node", "zone-a")).toBe("");
  });

  it("prefers this node when every ready endpoint has a node hint and one names it", () => {
    const eps = [mk("10.0.0.1", { nodes: ["test-node"], zones: ["zone-b"] }), mk("10.0.0.2", { nodes: ["other"], zones: ["zone-a"] })];
    expect(topologyMode(eps, "test-node", "zone-a")).toBe("PreferSameNode");
    expect(categorizeEndpoints(eps, clusterOnly).cluster.map((e) => e.ip)).toEqual(["10.0.0.1"]);
  });

  it("merges cluster and local lists when topology hides local endpoints from the cluster list", () => {
    const eps = [mk("10.0.0.1", { zones: ["zone-b"], local: true }), mk("10.0.0.2", { zones: ["zone-a"] })];
    const c = categorizeEndpoints(eps, both);
    expect(c.cluster.map((e) => e.ip)).toEqual(["10.0.0.2"]);
    expect(c.local.map((e) => e.ip)).toEqual(["10.0.0.1"]);
    expect(c.allReachable.map((e) => e.ip)).toEqual(["10.0.0.1", "10.0.0.2"]);
  });

  it("falls back to local serving+terminating endpoints for the local list", () => {
    const c = categorizeEndpoints([mk("10.0.0.1", { ready: false, serving: true, terminating: true, local: true }), mk("10.0.0.2")], both);
    expect(c.local.map((e) => e.ip)).toEqual(["10.0.0.1"]);
    expect(c.allReachable.map((e) => e.ip)).toEqual(["10.0.0.1", "10.0.0.2"]);
  });
});

import { describe, expect, it } from "vitest";
import { loadSnapshot } from "../../../src/input/load-snapshot.js";

// Legacy v1 Endpoints become the EndpointSlices the EndpointSlice mirroring controller would write.

const endpoints = (extra = "") => `apiVersion: v1
kind: Endpoints
metadata: {name: web, namespace: dev${extra}}
subsets:
- addresses: [{ip: 10.1.0.1, nodeName: node-a}, {ip: "fd00::1"}]
  notReadyAddresses: [{ip: 10.1.0.2}]
  ports: [{name: http, port: 8080}, {name: dns, port: 53, protocol: UDP}]
- addresses: [{ip: 10.1.0.9}]
  ports: [{port: 9090}]
`;
const load = (text: string) => loadSnapshot([{ name: "ep.yaml", text }]);

describe("Endpoints are mirrored into EndpointSlices", () => {
  it("makes one slice per subset and IP family, named after the service", () => {
    const slices = load(endpoints()).snapshot.endpointSlices;
    expect(slices.map((s) => [s.name, s.serviceName, s.addressType])).toEqual([
      ["web-mirror-0-ipv4", "web", "IPv4"],
      ["web-mirror-0-ipv6", "web", "IPv6"],
      ["web-mirror-1-ipv4", "web", "IPv4"],
    ]);
  });

  it("turns addresses into ready endpoints and notReadyAddresses into not-ready ones", () => {
    const slice = load(endpoints()).snapshot.endpointSlices[0];
    expect(slice?.endpoints).toEqual([
      { addresses: ["10.1.0.1"], ready: true, serving: true, terminating: false, nodeName: "node-a" },
      { addresses: ["10.1.0.2"], ready: false, serving: true, terminating: false },
    ]);
  });

  it("copies the subset's ports with their names and protocols", () => {
    const slices = load(endpoints()).snapshot.endpointSlices;
    expect(slices[0]?.ports).toEqual([
      { name: "http", protocol: "tcp", port: 8080 },
      { name: "dns", protocol: "udp", port: 53 },
    ]);
    expect(slices[2]?.ports).toEqual([{ name: "", protocol: "tcp", port: 9090 }]);
  });

  it("ignores Endpoints of a service that has EndpointSlices of its own", () => {
    const slice = "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: web-x1, namespace: dev, labels: {kubernetes.io/service-name: web}}\naddressType: IPv4\nendpoints: [{addresses: [10.9.9.9]}]\n";
    const result = load(`${endpoints()}---\n${slice}`);
    expect(result.snapshot.endpointSlices.map((s) => s.name)).toEqual(["web-x1"]);
    expect(result.skipped).toEqual([{ kind: "v1 Endpoints", reason: "the service has EndpointSlices", count: 1 }]);
  });

  it("does not mirror Endpoints labelled skip-mirror", () => {
    const result = load(endpoints(', labels: {endpointslice.kubernetes.io/skip-mirror: "true"}'));
    expect(result.snapshot.endpointSlices).toEqual([]);
    expect(result.skipped[0]?.reason).toMatch(/skip-mirror/);
  });

  it("gives no slices for Endpoints without subsets", () => {
    expect(load("apiVersion: v1\nkind: Endpoints\nmetadata: {name: web}\n").snapshot.endpointSlices).toEqual([]);
  });
});

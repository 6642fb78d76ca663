import { defaultProxyConfig, type ProxyConfig } from "../../src/model/config.js";
import type { Protocol } from "../../src/model/ruleset.js";
import type { Endpoint, EndpointSlice, Service, ServicePort, Snapshot } from "../../src/model/snapshot.js";

// Builders for the Snapshot objects kube-proxy's proxier_test.go creates with makeTestService /
// makeTestEndpointSlice, and its NewFakeProxier settings (spec §13.1).

export function fakeProxierConfig(overrides: Partial<ProxyConfig> = {}): ProxyConfig {
  const ipv6 = overrides.family === "ipv6";
  return {
    ...defaultProxyConfig,
    nodeName: "test-node",
    nodeIPs: ipv6 ? ["2001:db8::1"] : ["192.168.0.2"],
    detectLocal: { mode: "ClusterCIDR", cidrs: [ipv6 ? "fd00:10::/64" : "10.0.0.0/8"] },
    masqueradeBit: 14,
    localhostNodePorts: true,
    nfacct: true,
    randomFully: false,
    conntrackTcpBeLiberal: false,
    masqueradeAll: false,
    builtinJumps: false,
    ...overrides,
  };
}

/** NewFakeProxier's settings in kube-proxy's nftables tests (pkg/proxy/nftables/proxier_test.go), IPv4. */
export function nftFakeProxierConfig(overrides: Partial<ProxyConfig> = {}): ProxyConfig {
  return {
    ...defaultProxyConfig,
    nodeName: "test-node",
    nodeIPs: ["192.168.0.2"],
    detectLocal: { mode: "ClusterCIDR", cidrs: ["10.0.0.0/8"] },
    nodePortAddresses: ["192.168.0.2/32", "2001:db8::1/128"],
    serviceCIDRs: ["172.30.0.0/16"],
    ...overrides,
  };
}

export function service(namespace: string, name: string, spec: Partial<Service> = {}): Service {
  return {
    namespace,
    name,
    type: "ClusterIP",
    clusterIPs: [],
    ipFamilies: [],
    ports: [],
    externalIPs: [],
    loadBalancerIngress: [],
    loadBalancerSourceRanges: [],
    externalTrafficPolicy: "Cluster",
    internalTrafficPolicy: "Cluster",
    ...spec,
  };
}

export function port(name: string, portNumber: number, extra: Partial<ServicePort> = {}): ServicePort {
  return { name, protocol: "tcp", port: portNumber, targetPort: portNumber, ...extra };
}

export function endpoint(ip: string, extra: Partial<Endpoint> = {}): Endpoint {
  return { addresses: [ip], ready: true, serving: true, terminating: false, ...extra };
}

export function slice(
  namespace: string,
  serviceName: string,
  sliceIndex: number,
  ports: readonly { name: string; port: number; protocol?: Protocol }[],
  endpoints: readonly Endpoint[],
  addressType: EndpointSlice["addressType"] = "IPv4",
): EndpointSlice {
  return {
    namespace,
    name: `${serviceName}-${sliceIndex}`,
    serviceName,
    addressType,
    ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? "tcp" })),
    endpoints,
  };
}

export function snapshot(services: readonly Service[], endpointSlices: readonly EndpointSlice[] = []): Snapshot {
  return { services, endpointSlices, nodes: [] };
}

/** Trim and dedent a Go raw-string expectation the way kube-proxy's dedent.Dedent + TrimSpace do. */
export function expected(text: string): string {
  const lines = text.replace(/^\n/, "").split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = Math.min(...indents);
  return `${lines.map((l) => l.slice(cut)).join("\n").trim()}\n`;
}

import { defaultProxyConfig, type ProxyConfig } from "../../../src/model/config.js";
import type { Endpoint, EndpointSlice, Service, Snapshot } from "../../../src/model/snapshot.js";

// Before/after snapshot pairs for the partial-sync tests (unit and kernel): the changes a node
// proxy sees every few seconds in a real cluster.

export const deltaConfig: ProxyConfig = {
  ...defaultProxyConfig,
  nodeName: "node-a",
  nodeIPs: ["192.168.0.10"],
  detectLocal: { mode: "ClusterCIDR", cidrs: ["10.0.0.0/8"] },
};

function service(namespace: string, name: string, clusterIP: string, extra: Partial<Service> = {}): Service {
  return {
    namespace,
    name,
    type: "ClusterIP",
    clusterIPs: [clusterIP],
    ipFamilies: ["IPv4"],
    ports: [{ name: "http", protocol: "tcp", port: 80, targetPort: 8080 }],
    externalIPs: [],
    loadBalancerIngress: [],
    loadBalancerSourceRanges: [],
    externalTrafficPolicy: "Cluster",
    internalTrafficPolicy: "Cluster",
    ...extra,
  };
}

function endpoint(ip: string, nodeName = "node-b", ready = true): Endpoint {
  return { addresses: [ip], ready, serving: ready, terminating: false, nodeName };
}

function slice(namespace: string, serviceName: string, endpoints: Endpoint[], port = 8080): EndpointSlice {
  return { namespace, name: `${serviceName}-abc`, serviceName, addressType: "IPv4", ports: [{ name: "http", protocol: "tcp", port }], endpoints };
}

const web = service("ns1", "web", "172.30.0.10");
const api = service("ns1", "api", "172.30.0.11", { type: "NodePort", ports: [{ name: "http", protocol: "tcp", port: 80, targetPort: 8080, nodePort: 30080 }] });
const lb = service("ns2", "lb", "172.30.0.12", {
  type: "LoadBalancer",
  ports: [{ name: "http", protocol: "tcp", port: 443, targetPort: 8080, nodePort: 30443 }],
  loadBalancerIngress: [{ ip: "203.0.113.5" }],
  externalTrafficPolicy: "Local",
  healthCheckNodePort: 32000,
});
const empty = service("ns2", "empty", "172.30.0.13");

const webSlice = slice("ns1", "web", [endpoint("10.1.0.1"), endpoint("10.1.0.2")]);
const apiSlice = slice("ns1", "api", [endpoint("10.2.0.1"), endpoint("10.2.0.2"), endpoint("10.2.0.3", "node-a")]);
const lbSlice = slice("ns2", "lb", [endpoint("10.3.0.1", "node-a"), endpoint("10.3.0.2")]);

const node = { name: "node-a", addresses: [{ type: "InternalIP", address: "192.168.0.10" }], labels: {} };

export const baseSnapshot: Snapshot = { services: [web, api, lb, empty], endpointSlices: [webSlice, apiSlice, lbSlice], nodes: [node] };

function replaceService(s: Snapshot, name: string, next: Service | undefined): Snapshot {
  const services = s.services.flatMap((svc) => (svc.name === name ? (next ? [next] : []) : [svc]));
  return { ...s, services };
}

function replaceSlice(s: Snapshot, serviceName: string, next: EndpointSlice | undefined): Snapshot {
  const others = s.endpointSlices.filter((sl) => sl.serviceName !== serviceName);
  return { ...s, endpointSlices: next ? [...others, next] : others };
}

export interface DeltaScenario {
  readonly name: string;
  readonly previous: Snapshot;
  readonly next: Snapshot;
}

const withAffinity = replaceService(baseSnapshot, "web", { ...web, sessionAffinity: { timeoutSeconds: 10800 } });
const webWithoutEndpoints = replaceSlice(baseSnapshot, "web", undefined);

export const deltaScenarios: readonly DeltaScenario[] = [
  { name: "nothing changed", previous: baseSnapshot, next: baseSnapshot },
  { name: "an endpoint is added", previous: baseSnapshot, next: replaceSlice(baseSnapshot, "web", slice("ns1", "web", [...webSlice.endpoints, endpoint("10.1.0.3")])) },
  { name: "an endpoint is removed", previous: baseSnapshot, next: replaceSlice(baseSnapshot, "api", slice("ns1", "api", apiSlice.endpoints.slice(0, 2))) },
  { name: "an endpoint stops being ready", previous: baseSnapshot, next: replaceSlice(baseSnapshot, "web", slice("ns1", "web", [webSlice.endpoints[0]!, endpoint("10.1.0.2", "node-b", false)])) },
  { name: "a service is added", previous: baseSnapshot, next: { ...replaceSlice(baseSnapshot, "new", slice("ns3", "new", [endpoint("10.4.0.1")])), services: [...baseSnapshot.services, service("ns3", "new", "172.30.0.20")] } },
  { name: "a service is deleted", previous: baseSnapshot, next: replaceSlice(replaceService(baseSnapshot, "api", undefined), "api", undefined) },
  { name: "a service port changes", previous: baseSnapshot, next: replaceService(baseSnapshot, "web", { ...web, ports: [{ name: "http", protocol: "tcp", port: 81, targetPort: 8080 }] }) },
  { name: "session affinity is turned on", previous: baseSnapshot, next: withAffinity },
  { name: "session affinity is turned off", previous: withAffinity, next: baseSnapshot },
  { name: "a service loses all its endpoints", previous: baseSnapshot, next: webWithoutEndpoints },
  { name: "a service gets its endpoints back", previous: webWithoutEndpoints, next: baseSnapshot },
  { name: "the external traffic policy becomes Cluster", previous: baseSnapshot, next: replaceService(baseSnapshot, "lb", { ...lb, externalTrafficPolicy: "Cluster", healthCheckNodePort: undefined }) },
  { name: "a service without endpoints gets one", previous: baseSnapshot, next: replaceSlice(baseSnapshot, "empty", slice("ns2", "empty", [endpoint("10.5.0.1")])) },
];

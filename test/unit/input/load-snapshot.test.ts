import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/input/errors.js";
import { loadSnapshot } from "../../../src/input/load-snapshot.js";

const service = (name: string, ns = "dev", spec = "  clusterIP: 10.0.0.1\n  ports: [{port: 80}]\n") =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}`;
const slice = (name: string, svc: string, ns = "dev", body = "addressType: IPv4\nports: [{port: 80}]\nendpoints: [{addresses: [10.1.0.1]}]\n") =>
  `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: ${name}, namespace: ${ns}, labels: {kubernetes.io/service-name: ${svc}}}\n${body}`;
const load = (text: string, name = "snap.yaml") => loadSnapshot([{ name, text }]);

describe("loadSnapshot reads every shape kubectl and hand-written files come in", () => {
  it("reads a kind: List as kubectl get -o yaml prints it", () => {
    const list = {
      apiVersion: "v1",
      kind: "List",
      items: [
        { apiVersion: "v1", kind: "Service", metadata: { name: "a", namespace: "dev" }, spec: { clusterIP: "10.0.0.1", ports: [{ port: 80 }] } },
        { apiVersion: "v1", kind: "Node", metadata: { name: "node-1" } },
      ],
    };
    const { snapshot } = load(JSON.stringify(list), "list.json");
    expect(snapshot.services.map((s) => s.name)).toEqual(["a"]);
    expect(snapshot.nodes.map((n) => n.name)).toEqual(["node-1"]);
  });

  it("reads multi-document YAML and skips empty documents", () => {
    const { snapshot } = load(`${service("a")}---\n---\n${service("b")}`);
    expect(snapshot.services.map((s) => s.name)).toEqual(["a", "b"]);
  });

  it("reads JSON that starts with a byte-order mark", () => {
    const json = JSON.stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "a" }, spec: { clusterIP: "10.0.0.1" } });
    expect(load(`\uFEFF${json}`, "bom.json").snapshot.services[0]?.namespace).toBe("default");
  });

  it("reads typed lists whose items omit apiVersion and kind", () => {
    const list = { apiVersion: "v1", kind: "ServiceList", items: [{ metadata: { name: "a", namespace: "x" }, spec: { clusterIP: "10.0.0.1" } }] };
    expect(load(JSON.stringify(list)).snapshot.services.map((s) => `${s.namespace}/${s.name}`)).toEqual(["x/a"]);
  });

  it("counts objects of other kinds as skipped", () => {
    const { skipped } = load(`${service("a")}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: e}\n`);
    expect(skipped).toEqual([{ kind: "apps/v1 Deployment", reason: "not a kind kprc reads", count: 2 }]);
  });

  it("makes other kinds an error with strict", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    expect(() => loadSnapshot([{ name: "s.yaml", text }], { strict: true })).toThrow(/s\.yaml:2:7: ConfigMap c: kind: v1 ConfigMap is not a kind kprc reads/);
  });

  it("says when a kind it reads comes in an apiVersion it does not", () => {
    const text = "apiVersion: discovery.k8s.io/v1beta1\nkind: EndpointSlice\nmetadata: {name: s}\naddressType: IPv4\n";
    expect(load(text).skipped[0]).toMatchObject({ kind: "discovery.k8s.io/v1beta1 EndpointSlice", reason: expect.stringMatching(/apiVersion kprc does not read/) });
  });

  it("skips slices without the kubernetes.io/service-name label, as kube-proxy ignores them", () => {
    const text = "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: s}\naddressType: IPv4\n";
    const result = load(text);
    expect(result.snapshot.endpointSlices).toEqual([]);
    expect(result.skipped[0]?.reason).toMatch(/service-name/);
  });
});

describe("loadSnapshot normalises objects the way the API server and kube-proxy do", () => {
  it("applies Service defaults: type, protocol, targetPort, traffic policies, unnamed port", () => {
    const svc = load(service("a")).snapshot.services[0];
    expect(svc).toEqual({
      namespace: "dev",
      name: "a",
      type: "ClusterIP",
      clusterIPs: ["10.0.0.1"],
      ipFamilies: ["IPv4"],
      ports: [{ name: "", protocol: "tcp", port: 80, targetPort: 80 }],
      externalIPs: [],
      loadBalancerIngress: [],
      loadBalancerSourceRanges: [],
      externalTrafficPolicy: "Cluster",
      internalTrafficPolicy: "Cluster",
    });
  });

  it("marks a headless service with clusterIPs [None]", () => {
    expect(load(service("a", "dev", "  clusterIP: None\n")).snapshot.services[0]?.clusterIPs).toEqual(["None"]);
  });

  it("prefers clusterIPs over clusterIP and derives ipFamilies from them", () => {
    const svc = load(service("a", "dev", "  clusterIP: 10.0.0.1\n  clusterIPs: [10.0.0.1, 'fd00:0:0::0:1']\n")).snapshot.services[0];
    expect(svc?.clusterIPs).toEqual(["10.0.0.1", "fd00::1"]);
    expect(svc?.ipFamilies).toEqual(["IPv4", "IPv6"]);
  });

  it("prints IPs the way Go does: leading zeros dropped, IPv6 compressed", () => {
    const svc = load(service("a", "dev", "  clusterIP: 172.30.0.041\n  externalIPs: ['2001:db8:0:0:1:0:0:1']\n")).snapshot.services[0];
    expect(svc?.clusterIPs).toEqual(["172.30.0.41"]);
    expect(svc?.externalIPs).toEqual(["2001:db8::1:0:0:1"]);
  });

  it("trims source ranges and clears their host bits, as kube-proxy prints them", () => {
    const svc = load(service("a", "dev", "  clusterIP: 10.0.0.1\n  loadBalancerSourceRanges: [' 203.0.113.7/25 ']\n")).snapshot.services[0];
    expect(svc?.loadBalancerSourceRanges).toEqual(["203.0.113.0/25"]);
  });

  it("defaults ClientIP affinity to 10800 seconds", () => {
    const svc = load(service("a", "dev", "  clusterIP: 10.0.0.1\n  sessionAffinity: ClientIP\n")).snapshot.services[0];
    expect(svc?.sessionAffinity).toEqual({ timeoutSeconds: 10800 });
  });

  it("resolves nil endpoint conditions like kube-proxy: ready and serving true, terminating false", () => {
    const body = "addressType: IPv4\nendpoints:\n- addresses: [10.1.0.1]\n- addresses: [10.1.0.2]\n  conditions: {ready: false, terminating: true}\n";
    const eps = load(slice("s", "a", "dev", body)).snapshot.endpointSlices[0]?.endpoints;
    expect(eps?.map((e) => [e.ready, e.serving, e.terminating])).toEqual([
      [true, true, false],
      [false, true, true],
    ]);
  });

  it("defaults a slice port's name to empty and its protocol to TCP", () => {
    expect(load(slice("s", "a")).snapshot.endpointSlices[0]?.ports).toEqual([{ name: "", protocol: "tcp", port: 80 }]);
  });

  it("reads a Node's addresses, labels and pod CIDRs", () => {
    const text = "apiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {topology.kubernetes.io/zone: z1}}\nspec: {podCIDR: 10.244.1.7/24}\nstatus: {addresses: [{type: InternalIP, address: 10.0.0.5}, {type: Hostname, address: n1}]}\n";
    expect(load(text).snapshot.nodes[0]).toEqual({
      name: "n1",
      addresses: [
        { type: "InternalIP", address: "10.0.0.5" },
        { type: "Hostname", address: "n1" },
      ],
      labels: { "topology.kubernetes.io/zone": "z1" },
      podCIDRs: ["10.244.1.0/24"],
    });
  });
});

describe("loadSnapshot does not depend on the order of its input", () => {
  const objects = [service("a"), service("b", "web"), slice("a-1", "a"), slice("a-2", "a"), slice("b-1", "b", "web"), "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n"];

  it("gives the same snapshot for any order of objects and files", () => {
    const expected = loadSnapshot([{ name: "all.yaml", text: objects.join("---\n") }]).snapshot;
    fc.assert(
      fc.property(fc.shuffledSubarray(objects, { minLength: objects.length, maxLength: objects.length }), fc.integer({ min: 1, max: 6 }), (shuffled, cut) => {
        const sources = [
          { name: "one.yaml", text: shuffled.slice(0, cut).join("---\n") },
          { name: "two.yaml", text: shuffled.slice(cut).join("---\n") || "apiVersion: v1\nkind: List\nitems: []\n" },
        ];
        expect(loadSnapshot(sources).snapshot).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it("accepts the same object twice when both copies agree", () => {
    expect(loadSnapshot([{ name: "a.yaml", text: service("a") }, { name: "b.yaml", text: service("a") }]).snapshot.services).toHaveLength(1);
  });

  it("rejects the same object twice with different contents, naming both places", () => {
    const other = service("a", "dev", "  clusterIP: 10.0.0.2\n");
    const run = () => loadSnapshot([{ name: "a.yaml", text: service("a") }, { name: "b.yaml", text: other }]);
    expect(run).toThrow(InputError);
    expect(run).toThrow(/b\.yaml:1:1: Service dev\/a: defined twice with different contents \(also at a\.yaml:1:1\)/);
  });
});

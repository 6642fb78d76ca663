import { stringify } from "yaml";
import type { Expectation } from "./expectations.js";

// Hostile inputs too big (or too silly) to commit: 10 MB strings, deep nesting, alias storms.
// Each is built when the test runs.

export interface GeneratedHostileCase {
  readonly name: string;
  readonly file: string;
  readonly text: () => string;
  readonly expect: Expectation;
  readonly args?: readonly string[];
}

const TEN_MB = 10 * 1024 * 1024;
const NORMAL = ["dev/web:http", "10.244.1.5:8080"];

interface ServiceObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; annotations?: Record<string, unknown> };
  spec: { clusterIP: string; clusterIPs: string[]; ports: { name: string; port: number; protocol: string; targetPort: number }[] };
}

function service(patch: (s: ServiceObject) => void = () => {}): ServiceObject {
  const s: ServiceObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "dev" },
    spec: { clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"], ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 8080 }] },
  };
  patch(s);
  return s;
}

const slice = {
  apiVersion: "discovery.k8s.io/v1",
  kind: "EndpointSlice",
  metadata: { name: "web-abc", namespace: "dev", labels: { "kubernetes.io/service-name": "web" } },
  addressType: "IPv4",
  ports: [{ name: "http", port: 8080, protocol: "TCP" }],
  endpoints: [{ addresses: ["10.244.1.5"], conditions: { ready: true }, nodeName: "node-a" }],
};

const list = (...items: unknown[]): string => stringify({ apiVersion: "v1", kind: "List", items }, { lineWidth: 0 });

export function generatedCases(): GeneratedHostileCase[] {
  return [
    { name: "10 MB Service name", file: "huge-name.yaml", text: () => list(service((s) => (s.metadata.name = "a".repeat(TEN_MB))), slice), expect: { outcome: "error", field: "metadata.name" } },
    { name: "10 MB clusterIP", file: "huge-ip.json", text: () => JSON.stringify({ apiVersion: "v1", kind: "List", items: [service((s) => ((s.spec.clusterIP = "1".repeat(TEN_MB)), (s.spec.clusterIPs = [s.spec.clusterIP]))), slice] }), expect: { outcome: "error", field: "spec.clusterIP" } },
    { name: "10 MB annotation (ignored)", file: "huge-annotation.yaml", text: () => list(service((s) => (s.metadata.annotations = { big: `"; -j ACCEPT ${"x".repeat(TEN_MB)}` })), slice), expect: { outcome: "ok", present: NORMAL, absent: ["xxxxxxxx"] } },
    { name: "10 MB YAML comment", file: "huge-comment.yaml", text: () => `# ${"#".repeat(TEN_MB)}\n${list(service(), slice)}`, expect: { outcome: "ok", present: NORMAL } },
    { name: "100000-deep YAML flow sequence", file: "deep-flow.yaml", text: () => `${"[".repeat(100_000)}${"]".repeat(100_000)}\n`, expect: { outcome: "error" } },
    { name: "100000-deep JSON object", file: "deep.json", text: () => `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`, expect: { outcome: "error" } },
    { name: "5000-deep YAML block mapping", file: "deep-block.yaml", text: () => Array.from({ length: 5000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n") + " 1\n", expect: { outcome: "error" } },
    { name: "deep nesting inside an ignored Service field", file: "deep-annotation.json", text: () => JSON.stringify({ apiVersion: "v1", kind: "List", items: [service(), slice] }).replace('"metadata":{', `"metadata":{"annotations":${"[".repeat(50_000)}${"]".repeat(50_000)},`), expect: { outcome: "either", absent: ["[["] } },
    { name: "100000 aliases of one anchor", file: "alias-storm.yaml", text: () => `x: &x [1, 2, 3]\nitems: [${Array(100_000).fill("*x").join(",")}]\nkind: List\napiVersion: v1\n`, expect: { outcome: "error" } },
    { name: "YAML with a byte-order mark", file: "bom.yaml", text: () => `\ufeff${list(service(), slice)}`, expect: { outcome: "ok", present: NORMAL } },
    { name: "2000 copies of the same objects (a dump pasted many times)", file: "repeated.yaml", text: () => Array(2000).fill(`---\n${stringify(service())}---\n${stringify(slice)}`).join(""), expect: { outcome: "ok", present: NORMAL } },
    { name: "the same Service twice with different contents", file: "conflict.yaml", text: () => list(service(), service((s) => (s.spec.ports[0]!.port = 81)), slice), expect: { outcome: "error" } },
    { name: "a NUL byte in the middle of the text", file: "nul.yaml", text: () => list(service(), slice).replace("kind: Service", "kind: Serv\u0000ice"), expect: { outcome: "either", absent: ["dev/web"] } },
    { name: "lone UTF-16 surrogates in a name", file: "surrogate.json", text: () => JSON.stringify({ apiVersion: "v1", kind: "List", items: [service((s) => (s.metadata.name = "we\ud800b")), slice] }), expect: { outcome: "error", field: "metadata.name" } },
  ];
}

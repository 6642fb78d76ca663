// The expected outcome of every file in test/hostile/corpus (the YAML files built from a valid
// snapshot also say it in their header comment). `error`: exit 2, one stderr line naming the file and, when given, the field.
// `ok`: exit 0 and rules whose every line parses under the iptables-restore grammar. `either`:
// Kubernetes' own answer differs across versions or kprc does not read the field; both endings are
// accepted, each with its own invariants, and the hostile text must never reach the rules.

export type Expectation =
  | { readonly outcome: "error"; readonly field?: string }
  | { readonly outcome: "ok"; readonly present?: readonly string[]; readonly absent?: readonly string[] }
  | { readonly outcome: "either"; readonly field?: string; readonly absent?: readonly string[] };

export interface HostileCase {
  readonly file: string;
  readonly expect: Expectation;
  /** A bug filed in /tmp/team/BUGS.md: the case runs as `it.fails` until the owner fixes it. */
  readonly knownBug?: string;
  /** Extra flags after `compile <file>`. */
  readonly args?: readonly string[];
}

const error = (field?: string): Expectation => ({ outcome: "error", ...(field ? { field } : {}) });
const ok = (present: string[] = [], absent: string[] = []): Expectation => ({ outcome: "ok", present, absent });
const either = (field?: string, absent: string[] = []): Expectation => ({ outcome: "either", ...(field ? { field } : {}), absent });

const NORMAL = ["dev/web:http", "10.244.1.5:8080", "10.244.2.6:8080"];

export const corpusCases: readonly HostileCase[] = [
  ...["quote", "newline", "hash", "semicolon", "nonascii", "option", "dollar", "nul", "rtl", "uppercase", "64"].map((k) => ({ file: `svc-name-${k}.yaml`, expect: error("metadata.name") })),
  ...["quote", "newline", "nonascii", "semicolon", "64"].map((k) => ({ file: `namespace-${k}.yaml`, expect: error("metadata.namespace") })),
  ...["quote", "newline", "nonascii", "semicolon", "hash"].map((k) => ({ file: `port-name-${k}.yaml`, expect: error("ports[0].name") })),
  ...["quote", "newline", "nonascii", "semicolon"].map((k) => ({ file: `node-name-${k}.yaml`, expect: error("endpoints[0].nodeName") })),
  { file: "slice-port-name-quote.yaml", expect: error("ports[0].name") },
  { file: "target-port-name-space.yaml", expect: error("spec.ports[0].targetPort") },
  { file: "slice-name-nonascii.yaml", expect: error("metadata.name") },
  { file: "service-name-label-quote.yaml", expect: error("kubernetes.io/service-name") },
  { file: "node-object-name-quote.yaml", expect: error("metadata.name") },
  { file: "zone-quote.yaml", expect: either("endpoints[0].zone", ['zone"a']) },
  { file: "hostname-nonascii.yaml", expect: either("endpoints[0].hostname", ["hôst"]) },
  { file: "external-name-hostile.yaml", expect: either("spec.externalName", ["evil", "dev/web"]) },
  { file: "lb-hostname-hostile.yaml", expect: either("status.loadBalancer.ingress[0].hostname", ["lb"]) },
  { file: "annotation-hostile.yaml", expect: ok(NORMAL) },
  { file: "svc-name-double-dash.yaml", expect: ok(["dev/a--b:http"]) },
  { file: "svc-name-63.yaml", expect: ok([`dev/a${"b".repeat(61)}c:http`]) },
  { file: "max-length-names.yaml", expect: ok(["[fd00:ffff:ffff:ffff:ffff:ffff:ffff:fffe]:65535"]), args: ["--family", "ipv6"] },
  { file: "port-0.yaml", expect: error("spec.ports[0].port") },
  { file: "port-65536.yaml", expect: error("spec.ports[0].port") },
  { file: "port-negative.yaml", expect: error("spec.ports[0].port") },
  { file: "port-string-injection.yaml", expect: error("spec.ports[0].port") },
  { file: "port-float.yaml", expect: error("spec.ports[0].port") },
  { file: "nodeport-65536.yaml", expect: error("spec.ports[0].nodePort") },
  { file: "target-port-65536.yaml", expect: error("spec.ports[0].targetPort") },
  { file: "slice-port-65536.yaml", expect: error("ports[0].port") },
  { file: "protocol-lowercase.yaml", expect: error("spec.ports[0].protocol") },
  { file: "protocol-icmp.yaml", expect: error("spec.ports[0].protocol") },
  { file: "cluster-ip-999.yaml", expect: error("spec.clusterIP") },
  { file: "cluster-ip-injection.yaml", expect: error("spec.clusterIP") },
  { file: "endpoint-ip-999.yaml", expect: error("endpoints[0].addresses[0]") },
  { file: "external-ip-injection.yaml", expect: error("spec.externalIPs[0]") },
  { file: "lb-ingress-ip-bad.yaml", expect: error("status.loadBalancer.ingress[0].ip") },
  { file: "source-range-bad.yaml", expect: error("spec.loadBalancerSourceRanges[0]") },
  { file: "source-range-host-bits.yaml", expect: either("spec.loadBalancerSourceRanges[0]", ["203.0.113.7"]) },
  { file: "cluster-ip-v4-mapped.yaml", expect: either("spec.clusterIP", ["::ffff:"]), args: ["--family", "ipv6"] },
  { file: "endpoint-v4-mapped.yaml", expect: either("endpoints[0].addresses[0]", ["::ffff:", "[10.244.1.5]"]), args: ["--family", "ipv6"] },
  { file: "cluster-ip-family-mismatch.yaml", expect: error("spec.clusterIP") },
  { file: "endpoint-wrong-family.yaml", expect: error("endpoints[0].addresses[0]") },
  { file: "slice-other-family-ignored.yaml", expect: ok(NORMAL, ["fd00:244::77"]) },
  { file: "duplicate-ports.yaml", expect: error("spec.ports[1]") },
  { file: "duplicate-port-names.yaml", expect: error("spec.ports[1]") },
  { file: "duplicate-service.yaml", expect: ok(NORMAL) },
  { file: "slice-missing-service.yaml", expect: ok(NORMAL, ["10.244.9.9", "ghost"]) },
  { file: "affinity-timeout-86401.yaml", expect: error("spec.sessionAffinityConfig.clientIP.timeoutSeconds") },
  { file: "wrong-api-version.yaml", expect: either("apiVersion", ["dev/web"]) },
  { file: "wrong-type-ports.yaml", expect: error("spec.ports") },
  { file: "missing-port.yaml", expect: error("spec.ports[0].port") },
  { file: "missing-address-type.yaml", expect: error("addressType") },
  { file: "unknown-kind.yaml", expect: ok(NORMAL, ["cm"]) },
  { file: "unknown-kind.yaml", expect: error(), args: ["--strict"] },
  { file: "empty.yaml", expect: error() },
  { file: "only-comments.yaml", expect: error() },
  { file: "binary-garbage.yaml", expect: error() },
  { file: "alias-bomb.yaml", expect: error() },
  { file: "json-bom.json", expect: ok(NORMAL) },
  { file: "json-trailing-garbage.json", expect: error() },
  { file: "scalar-document.yaml", expect: error() },
  { file: "null-document.yaml", expect: error() },
  { file: "list-items-not-array.yaml", expect: error("items") },
  { file: "duplicate-keys.yaml", expect: error() },
  { file: "multi-doc-empty-docs.yaml", expect: ok(NORMAL) },
  { file: "crlf-line-endings.yaml", expect: ok(NORMAL) },
  { file: "yaml-custom-tag.yaml", expect: either("spec.ports[0].port", ["evil"]) },
  { file: "unterminated-quote.yaml", expect: error() },
  { file: "tab-indentation.yaml", expect: error() },
];

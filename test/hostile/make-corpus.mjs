// Writes test/hostile/corpus/*: `node test/hostile/make-corpus.mjs`. The corpus files are committed;
// this script is how they were made (edit it, rerun it, review the diff). Expected outcomes live in
// expectations.ts. Inputs too big to commit (10 MB strings, deep nesting) are built by generated.ts.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";

const dir = fileURLToPath(new URL("./corpus", import.meta.url));
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const svc = () => ({
  apiVersion: "v1", kind: "Service",
  metadata: { name: "web", namespace: "dev" },
  spec: { type: "ClusterIP", clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"], ipFamilies: ["IPv4"],
    ports: [{ name: "http", port: 80, protocol: "TCP", targetPort: 8080 }] },
});
const slice = () => ({
  apiVersion: "discovery.k8s.io/v1", kind: "EndpointSlice",
  metadata: { name: "web-abc", namespace: "dev", labels: { "kubernetes.io/service-name": "web" } },
  addressType: "IPv4",
  ports: [{ name: "http", port: 8080, protocol: "TCP" }],
  endpoints: [{ addresses: ["10.244.1.5"], conditions: { ready: true }, nodeName: "node-a", zone: "zone-a" },
              { addresses: ["10.244.2.6"], conditions: { ready: true }, nodeName: "node-b", zone: "zone-b" }],
});
const node = () => ({ apiVersion: "v1", kind: "Node", metadata: { name: "node-a", labels: { "topology.kubernetes.io/zone": "zone-a" } },
  status: { addresses: [{ type: "InternalIP", address: "192.168.0.10" }, { type: "Hostname", address: "node-a" }] } });
const list = (...items) => ({ apiVersion: "v1", kind: "List", items });
const yamlOf = (obj, header) => `# ${header}\n` + stringify(obj, { lineWidth: 0 });
const write = (name, text) => writeFileSync(`${dir}/${name}`, text);

function variant(name, header, mutate) {
  const s = svc(), e = slice(), n = node();
  const extra = mutate(s, e, n) ?? [];
  write(name, yamlOf(list(s, e, n, ...extra), header));
}
const setPath = (o, path, v) => { const segs = path.split("."); let x = o; for (const k of segs.slice(0, -1)) x = x[k]; x[segs.at(-1)] = v; };

// --- hostile strings in every string field
const hostile = { quote: 'we"b', newline: "we\nb", hash: "we#b", semicolon: "we;b", nonascii: "wéb", option: "x -j ACCEPT", dollar: "$(reboot)", nul: "we\u0000b", rtl: "we\u202eb" };
for (const [k, v] of Object.entries(hostile)) {
  variant(`svc-name-${k}.yaml`, `Service name ${JSON.stringify(v)}: rejected (DNS-1035 label)`, (s) => { s.metadata.name = v; });
}
for (const k of ["quote", "newline", "nonascii", "semicolon"]) {
  variant(`namespace-${k}.yaml`, `namespace ${JSON.stringify(hostile[k])}: rejected (DNS-1123 label)`, (s, e) => { s.metadata.namespace = hostile[k]; e.metadata.namespace = hostile[k]; });
  variant(`port-name-${k}.yaml`, `service port name: rejected (DNS-1123 label)`, (s, e) => { s.spec.ports[0].name = hostile[k]; e.ports[0].name = hostile[k]; });
  variant(`node-name-${k}.yaml`, `endpoint nodeName: rejected (DNS-1123 subdomain)`, (s, e) => { e.endpoints[0].nodeName = hostile[k]; });
}
variant("port-name-hash.yaml", "port name with #: rejected", (s, e) => { s.spec.ports[0].name = "p#1"; e.ports[0].name = "p#1"; });
variant("slice-port-name-quote.yaml", "EndpointSlice port name with a quote: rejected", (s, e) => { e.ports[0].name = 'ht"tp'; });
variant("target-port-name-space.yaml", "named targetPort with a space: rejected (IANA_SVC_NAME)", (s) => { s.spec.ports[0].targetPort = "ht tp"; });
variant("slice-name-nonascii.yaml", "EndpointSlice name non-ASCII: rejected", (s, e) => { e.metadata.name = "web-äbc"; });
variant("service-name-label-quote.yaml", "kubernetes.io/service-name label with a quote: rejected (label value)", (s, e) => { e.metadata.labels["kubernetes.io/service-name"] = 'web"x'; });
variant("node-object-name-quote.yaml", "Node metadata.name with a quote: rejected", (s, e, n) => { n.metadata.name = 'node"a'; });
variant("zone-quote.yaml", "endpoint zone with a quote: a zone is a label value, rejected or unused", (s, e) => { e.endpoints[0].zone = 'zone"a'; });
variant("hostname-nonascii.yaml", "endpoint hostname non-ASCII: rejected, or ignored (never reaches rules)", (s, e) => { e.endpoints[0].hostname = "hôst\nname"; });
variant("external-name-hostile.yaml", "ExternalName with an injection attempt: rejected, or no rules", (s) => { s.spec = { type: "ExternalName", externalName: 'evil"; -j ACCEPT', ports: [{ name: "http", port: 80, protocol: "TCP" }] }; });
variant("lb-hostname-hostile.yaml", "LB ingress hostname with newline: rejected, or ignored", (s) => { s.spec.type = "LoadBalancer"; s.spec.ports[0].nodePort = 30080; s.status = { loadBalancer: { ingress: [{ hostname: "lb\n-A KUBE-SERVICES -j ACCEPT" }] } }; });
variant("annotation-hostile.yaml", "hostile annotations and labels on a Service are ignored: rules as usual", (s) => { s.metadata.annotations = { note: '"; -j ACCEPT\n-A INPUT -j ACCEPT #' }; });
variant("svc-name-double-dash.yaml", "Service name a--b is a valid DNS-1035 label: rules, name only inside comments", (s, e) => { s.metadata.name = "a--b"; e.metadata.labels["kubernetes.io/service-name"] = "a--b"; });
variant("svc-name-63.yaml", "63-character Service name: valid, rules", (s, e) => { const nm = "a" + "b".repeat(61) + "c"; s.metadata.name = nm; e.metadata.labels["kubernetes.io/service-name"] = nm; });
variant("svc-name-64.yaml", "64-character Service name: rejected", (s) => { s.metadata.name = "a".repeat(64); });
variant("namespace-64.yaml", "64-character namespace: rejected", (s, e) => { s.metadata.namespace = "n".repeat(64); e.metadata.namespace = "n".repeat(64); });
variant("svc-name-uppercase.yaml", "uppercase Service name: rejected", (s) => { s.metadata.name = "Web"; });

// --- numbers and addresses
variant("port-0.yaml", "port 0: rejected", (s) => { s.spec.ports[0].port = 0; });
variant("port-65536.yaml", "port 65536: rejected", (s) => { s.spec.ports[0].port = 65536; });
variant("port-negative.yaml", "port -1: rejected", (s) => { s.spec.ports[0].port = -1; });
variant("port-string-injection.yaml", "port \"80 -j ACCEPT\": rejected (wrong type)", (s) => { s.spec.ports[0].port = "80 -j ACCEPT"; });
variant("port-float.yaml", "port 80.5: rejected", (s) => { s.spec.ports[0].port = 80.5; });
variant("nodeport-65536.yaml", "nodePort 65536: rejected", (s) => { s.spec.type = "NodePort"; s.spec.ports[0].nodePort = 65536; });
variant("target-port-65536.yaml", "targetPort 65536: rejected", (s) => { s.spec.ports[0].targetPort = 65536; });
variant("slice-port-65536.yaml", "EndpointSlice port 65536: rejected", (s, e) => { e.ports[0].port = 65536; });
variant("protocol-lowercase.yaml", "protocol tcp (lower case): rejected", (s) => { s.spec.ports[0].protocol = "tcp"; });
variant("protocol-icmp.yaml", "protocol ICMP: rejected", (s) => { s.spec.ports[0].protocol = "ICMP"; });
variant("cluster-ip-999.yaml", "clusterIP 999.1.1.1: rejected", (s) => { s.spec.clusterIP = "999.1.1.1"; s.spec.clusterIPs = ["999.1.1.1"]; });
variant("cluster-ip-injection.yaml", "clusterIP with an appended option: rejected", (s) => { s.spec.clusterIP = "10.96.0.10 -j ACCEPT"; s.spec.clusterIPs = ["10.96.0.10 -j ACCEPT"]; });
variant("endpoint-ip-999.yaml", "endpoint address 999.1.1.1: rejected", (s, e) => { e.endpoints[0].addresses = ["999.1.1.1"]; });
variant("external-ip-injection.yaml", "externalIPs entry with a space and an option: rejected", (s) => { s.spec.externalIPs = ["203.0.113.5 -j ACCEPT"]; });
variant("lb-ingress-ip-bad.yaml", "status.loadBalancer.ingress ip 1.2.3: rejected", (s) => { s.spec.type = "LoadBalancer"; s.spec.ports[0].nodePort = 30080; s.status = { loadBalancer: { ingress: [{ ip: "1.2.3" }] } }; });
variant("source-range-bad.yaml", "loadBalancerSourceRanges 192.0.2.0/33: rejected", (s) => { s.spec.type = "LoadBalancer"; s.spec.ports[0].nodePort = 30080; s.spec.loadBalancerSourceRanges = ["192.0.2.0/33"]; s.status = { loadBalancer: { ingress: [{ ip: "198.51.100.7" }] } }; });
variant("source-range-host-bits.yaml", "loadBalancerSourceRanges 203.0.113.7/25 (host bits): accepted, printed masked 203.0.113.0/25 like kube-proxy; or rejected", (s) => { s.spec.type = "LoadBalancer"; s.spec.ports[0].nodePort = 30080; s.spec.loadBalancerSourceRanges = ["203.0.113.7/25"]; s.status = { loadBalancer: { ingress: [{ ip: "198.51.100.7" }] } }; });
variant("cluster-ip-v4-mapped.yaml", "IPv6 service with an IPv4-mapped clusterIP ::ffff:10.96.0.10: rejected, or treated as the IPv4 address", (s, e) => { s.spec.clusterIP = "::ffff:10.96.0.10"; s.spec.clusterIPs = ["::ffff:10.96.0.10"]; s.spec.ipFamilies = ["IPv6"]; });
variant("endpoint-v4-mapped.yaml", "IPv6 slice with an IPv4-mapped endpoint address: rejected, or never rendered as a v6 DNAT", (s, e) => { s.spec.clusterIP = "fd00:96::a"; s.spec.clusterIPs = ["fd00:96::a"]; s.spec.ipFamilies = ["IPv6"]; e.addressType = "IPv6"; e.endpoints = [{ addresses: ["::ffff:10.244.1.5"], conditions: { ready: true } }]; });
variant("cluster-ip-family-mismatch.yaml", "clusterIP IPv6 while ipFamilies says IPv4: rejected", (s) => { s.spec.clusterIP = "fd00::10"; s.spec.clusterIPs = ["fd00::10"]; });
variant("endpoint-wrong-family.yaml", "IPv6 address in an IPv4 EndpointSlice: rejected", (s, e) => { e.endpoints[0].addresses = ["fd00:244::5"]; });
variant("slice-other-family-ignored.yaml", "IPv6 slice for an IPv4-only service: valid, ignored for ipv4", (s, e) => { const e6 = slice(); e6.metadata.name = "web-v6"; e6.addressType = "IPv6"; e6.endpoints = [{ addresses: ["fd00:244::77"], conditions: { ready: true } }]; return [e6]; });
variant("duplicate-ports.yaml", "two ports with the same port and protocol: rejected", (s) => { s.spec.ports.push({ name: "http2", port: 80, protocol: "TCP", targetPort: 8081 }); });
variant("duplicate-port-names.yaml", "two ports with the same name: rejected", (s) => { s.spec.ports.push({ name: "http", port: 81, protocol: "TCP", targetPort: 8081 }); });
variant("duplicate-service.yaml", "the same Service twice, identical (a dump loaded twice): read once", (s) => [svc()]);
variant("slice-missing-service.yaml", "an EndpointSlice whose service does not exist: valid, ignored", (s, e) => { const o = slice(); o.metadata.name = "ghost-1"; o.metadata.labels["kubernetes.io/service-name"] = "ghost"; o.endpoints = [{ addresses: ["10.244.9.9"] }]; return [o]; });
variant("affinity-timeout-86401.yaml", "sessionAffinity timeoutSeconds 86401: rejected", (s) => { s.spec.sessionAffinity = "ClientIP"; s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86401 } }; });
variant("wrong-api-version.yaml", "Service with apiVersion v2: not a kind kprc reads: rejected, or skipped", (s) => { s.apiVersion = "v2"; });
variant("wrong-type-ports.yaml", "spec.ports is a string: rejected", (s) => { s.spec.ports = "80"; });
variant("missing-port.yaml", "a service port without port: rejected", (s) => { delete s.spec.ports[0].port; });
variant("missing-address-type.yaml", "EndpointSlice without addressType: rejected", (s, e) => { delete e.addressType; });
variant("unknown-kind.yaml", "a ConfigMap in the List is skipped: rules as usual", () => [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: 'cm"x', namespace: "dev" }, data: { x: "-j ACCEPT" } }]);

// --- syntax-level hostility (small ones; the huge ones are generated by the test)
write("empty.yaml", "");
write("only-comments.yaml", "# nothing here\n# -A KUBE-SERVICES -j ACCEPT\n");
write("binary-garbage.yaml", Buffer.from([0x00, 0xff, 0xfe, 0x7f, 0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x80, 0x81, 0x0a, 0xc3, 0x28, 0x0a]));
write("alias-bomb.yaml", [
  "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]",
  ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(",")}]`),
  "kind: List", "apiVersion: v1", "items: *j", ""].join("\n"));
write("json-bom.json", "\ufeff" + JSON.stringify(list(svc(), slice(), node()), null, 2) + "\n");
write("json-trailing-garbage.json", JSON.stringify(list(svc(), slice())) + "\n}} -j ACCEPT\n");
write("scalar-document.yaml", "42\n");
write("null-document.yaml", "null\n");
write("list-items-not-array.yaml", "apiVersion: v1\nkind: List\nitems: {a: 1}\n");
write("duplicate-keys.yaml", yamlOf(list(svc()), "duplicate mapping key: rejected").replace("kind: Service", "kind: Service\n    kind: Service"));
write("multi-doc-empty-docs.yaml", "# empty documents between objects: rules as usual\n---\n---\n" + stringify(svc()) + "---\n\n---\n" + stringify(slice()) + "---\n");
write("crlf-line-endings.yaml", ("# CRLF line endings: rules as usual\n" + stringify(list(svc(), slice()))).replace(/\n/g, "\r\n"));
write("yaml-custom-tag.yaml", "# an unknown YAML tag: rejected, or read as the plain value\n" + stringify(list(svc(), slice())).replace("port: 80\n", "port: !evil 80\n"));
write("unterminated-quote.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: \"web\n  namespace: dev\n");
write("tab-indentation.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n");
{
  const ns = "n" + "s".repeat(61) + "x", nm = "a" + "b".repeat(61) + "c", pn = "p" + "q".repeat(61) + "r";
  const s = svc(), e = slice();
  s.metadata = { name: nm, namespace: ns };
  s.spec = { type: "LoadBalancer", clusterIP: "fd00:96::ffff:ffff", clusterIPs: ["fd00:96::ffff:ffff"], ipFamilies: ["IPv6"], externalTrafficPolicy: "Local", healthCheckNodePort: 32000,
    externalIPs: ["2001:db8:ffff:ffff:ffff:ffff:ffff:fffe"], loadBalancerSourceRanges: ["2001:db8:aaaa:bbbb::/64"], sessionAffinity: "ClientIP",
    ports: [{ name: pn, port: 65535, protocol: "SCTP", targetPort: 65535, nodePort: 32767 }] };
  s.status = { loadBalancer: { ingress: [{ ip: "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff" }] } };
  e.metadata = { name: "e".repeat(253), namespace: ns, labels: { "kubernetes.io/service-name": nm } };
  e.addressType = "IPv6";
  e.ports = [{ name: pn, port: 65535, protocol: "SCTP" }];
  e.endpoints = [{ addresses: ["fd00:ffff:ffff:ffff:ffff:ffff:ffff:fffe"], conditions: { ready: true }, nodeName: "node-a" },
                 { addresses: ["fd00:ffff:ffff:ffff:ffff:ffff:ffff:ffff"], conditions: { ready: true }, nodeName: "n".repeat(253) }];
  write("max-length-names.yaml", yamlOf(list(s, e), "every name at its maximum length, longest IPv6 addresses, every feature: comments must stay within the kernel's 256 bytes"));
}

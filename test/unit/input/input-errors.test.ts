import { describe, expect, it } from "vitest";
import { InputError, type InputErrorCode } from "../../../src/input/errors.js";
import { loadSnapshot } from "../../../src/input/load-snapshot.js";

// Every kind of input error names the file, line:col, the object and the field, in one line.

function errorOf(text: string, name = "snapshot.yaml"): InputError {
  try {
    loadSnapshot([{ name, text }]);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

const listed = (item: string) => `apiVersion: v1\nkind: List\nitems:\n${item}`;
const svcItem = (spec: string, name = "nginx-service") =>
  `- apiVersion: v1\n  kind: Service\n  metadata:\n    name: ${name}\n    namespace: dev\n  spec:\n${spec}`;

const cases: { name: string; text: string; code: InputErrorCode; message: string | RegExp }[] = [
  {
    name: "a port out of range, with the list item, object, field and line:col",
    text: listed(svcItem("    clusterIP: 10.0.0.1\n    ports:\n    - port: 70000\n")),
    code: "invalid-field",
    message: "snapshot.yaml:12:13: items[0] Service dev/nginx-service: spec.ports[0].port: 70000 is not a port (1–65535)",
  },
  {
    name: "an IP address with an octet over 255",
    text: listed(svcItem("    clusterIP: 999.1.1.1\n")),
    code: "invalid-field",
    message: 'snapshot.yaml:10:16: items[0] Service dev/nginx-service: spec.clusterIP: "999.1.1.1" is not an IP address, "None" or ""',
  },
  {
    name: "an IPv4-mapped IPv6 address",
    text: listed(svcItem("    clusterIP: 10.0.0.1\n    externalIPs: ['::ffff:10.0.0.9']\n")),
    code: "invalid-field",
    message: /spec\.externalIPs\[0\]: "::ffff:10\.0\.0\.9" is an IPv4-mapped IPv6 address/,
  },
  {
    name: "a CIDR that is not one",
    text: listed(svcItem("    clusterIP: 10.0.0.1\n    loadBalancerSourceRanges: [10.0.0.0/33]\n")),
    code: "invalid-field",
    message: /snapshot\.yaml:11:32: .*spec\.loadBalancerSourceRanges\[0\]: "10\.0\.0\.0\/33" is not a CIDR/,
  },
  {
    name: "an unknown protocol",
    text: listed(svcItem("    clusterIP: 10.0.0.1\n    ports: [{port: 80, protocol: ICMP}]\n")),
    code: "invalid-field",
    message: /spec\.ports\[0\]\.protocol: "ICMP" is not a protocol \(TCP, UDP or SCTP\)/,
  },
  {
    name: "a Service name with a quote",
    text: listed(svcItem("    clusterIP: 10.0.0.1\n", '"a\\"b"')),
    code: "invalid-field",
    message: /metadata\.name: "a\\"b" is not a valid Service name/,
  },
  {
    name: "a port name with a newline",
    text: listed(svcItem('    clusterIP: 10.0.0.1\n    ports: [{port: 80, name: "a\\nb"}]\n')),
    code: "invalid-field",
    message: /spec\.ports\[0\]\.name: "a\\nb" is not a valid port name/,
  },
  {
    name: "a named targetPort that breaks IANA_SVC_NAME",
    text: listed(svcItem("    clusterIP: 10.0.0.1\n    ports: [{port: 80, targetPort: http--alt}]\n")),
    code: "invalid-field",
    message: /spec\.ports\[0\]\.targetPort: "http--alt" is not a port \(1–65535\) or a port name/,
  },
  {
    name: "two ports with the same number and protocol",
    text: listed(svcItem("    clusterIP: 10.0.0.1\n    ports: [{port: 80, name: a}, {port: 80, name: b}]\n")),
    code: "invalid-field",
    message: /spec\.ports\[1\]\.port: 80 duplicates spec\.ports\[0\]/,
  },
  {
    name: "an unnamed port in a multi-port service",
    text: listed(svcItem("    clusterIP: 10.0.0.1\n    ports: [{port: 80, name: a}, {port: 81}]\n")),
    code: "invalid-field",
    message: /spec\.ports\[1\]\.name: is required when a Service has more than one port/,
  },
  {
    name: "a missing required field",
    text: listed(svcItem("    clusterIP: 10.0.0.1\n    ports: [{name: a}]\n")),
    code: "invalid-field",
    message: /spec\.ports\[0\]\.port: is required \(expected a port \(1–65535\)\)/,
  },
  {
    name: "an endpoint of the wrong family for its slice",
    text: "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: s-1\n  namespace: dev\n  labels: {kubernetes.io/service-name: s}\naddressType: IPv4\nendpoints:\n- addresses: ['fd00::1']\n",
    code: "invalid-field",
    message: 'snapshot.yaml:9:15: EndpointSlice dev/s-1: endpoints[0].addresses[0]: "fd00::1" is not an IPv4 address (it is IPv6) (addressType is IPv4)',
  },
  {
    name: "a condition that is not a boolean",
    text: "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: s-1, labels: {kubernetes.io/service-name: s}}\naddressType: IPv4\nendpoints:\n- addresses: [10.0.0.1]\n  conditions: {ready: 'yes'}\n",
    code: "invalid-field",
    message: /endpoints\[0\]\.conditions\.ready: "yes" is not true or false/,
  },
  {
    name: "a legacy Endpoints address that is not an IP",
    text: "apiVersion: v1\nkind: Endpoints\nmetadata: {name: s}\nsubsets:\n- addresses: [{ip: 10.0.0.256}]\n",
    code: "invalid-field",
    message: /snapshot\.yaml:5:20: Endpoints s: subsets\[0\]\.addresses\[0\]\.ip: "10\.0\.0\.256" is not an IP address/,
  },
  {
    name: "a Node InternalIP that is not an IP",
    text: "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {addresses: [{type: InternalIP, address: nope}]}\n",
    code: "invalid-field",
    message: /Node n1: status\.addresses\[0\]\.address: "nope" is not an IP address \(type is InternalIP\)/,
  },
  {
    name: "YAML that does not parse",
    text: "a: [1, 2\nb: c\n",
    code: "syntax",
    message: /^snapshot\.yaml:\d+:\d+: not valid YAML or JSON: /,
  },
  {
    name: "duplicate keys",
    text: "apiVersion: v1\nkind: Service\nkind: Node\n",
    code: "syntax",
    message: /^snapshot\.yaml:3:1: not valid YAML or JSON: Map keys must be unique/,
  },
  {
    name: "an alias bomb",
    text: `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    code: "syntax",
    message: /alias bomb/,
  },
  {
    name: "deep nesting",
    text: `a: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`,
    code: "syntax",
    message: /^snapshot\.yaml:1:\d+: nested too deeply/,
  },
  {
    name: "a document that is not an object",
    text: "- 1\n- 2\n",
    code: "invalid-object",
    message: "snapshot.yaml:1:1: expected a Kubernetes object (a mapping with apiVersion and kind), got a list",
  },
  {
    name: "an object without a kind",
    text: "apiVersion: v1\nmetadata: {name: x}\n",
    code: "invalid-object",
    message: "snapshot.yaml:1:1: object x: kind: is required",
  },
  {
    name: "an empty file",
    text: "# nothing here\n",
    code: "empty",
    message: "snapshot.yaml: no Kubernetes objects in this input (empty file or stdin?)",
  },
  {
    name: "a stream of empty documents",
    text: "---\n---\n",
    code: "empty",
    message: "snapshot.yaml: no Kubernetes objects in this input (empty file or stdin?)",
  },
];

describe("input errors say where and what", () => {
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      const error = errorOf(c.text);
      expect(error.code).toBe(c.code);
      if (typeof c.message === "string") expect(error.message).toBe(c.message);
      else expect(error.message).toMatch(c.message);
      expect(error.message).not.toContain("\n");
    });
  }

  it("keeps the message short when the bad value is ten megabytes long", () => {
    const error = errorOf(`apiVersion: v1\nkind: Service\nmetadata: {name: "${"a".repeat(10_000_000)}"}\n`);
    expect(error.message.length).toBeLessThan(400);
    expect(error.details).toMatchObject({ file: "snapshot.yaml", line: 3, field: "metadata.name" });
  });

  it("escapes non-ASCII and control characters from the input", () => {
    const error = errorOf('apiVersion: v1\nkind: Service\nmetadata: {name: "caf\\u00e9\\u202e"}\n');
    expect(error.message).toMatch(/"caf\\u00e9\\u202e"/);
  });

  it("locates fields in JSON input too", () => {
    const json = JSON.stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "a" }, spec: { ports: [{ port: 0 }] } }, null, 2);
    expect(errorOf(json, "s.json").message).toBe("s.json:10:17: Service a: spec.ports[0].port: 0 is not a port (1–65535)");
  });
});

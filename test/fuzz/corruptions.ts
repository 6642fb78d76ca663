import fc from "fast-check";
import { validCase, type GeneratedCase, type KubeObject } from "../support/arbitraries.js";

// Corruptions of valid snapshots: exactly one field of one object made invalid by Kubernetes' own
// validation rules (bad IP, port out of range, bad protocol, invalid DNS-1123 name, wrong type,
// missing required field). Every value here is one the API server rejects *after* defaulting, so
// e.g. `targetPort: 0` (defaulted to `port`) and `nodePort: 0` (allocated) are not used.

export interface Corruption {
  /** Index of the corrupted object in `objects`. */
  readonly object: number;
  /** Field path as kprc's errors print it, e.g. `spec.ports[0].port`. */
  readonly field: string;
  /** `undefined` deletes the field. */
  readonly value: unknown;
  readonly rule: "ip" | "port" | "protocol" | "name" | "type" | "missing" | "enum" | "duplicate";
}

export interface CorruptedCase extends GeneratedCase {
  readonly corruption: Corruption;
}

const BAD_IPS = ["999.1.1.1", "10.0.0", "1.2.3.4.5", "fd00::g1", "not-an-ip", "10.0.0.1/32"];
const BAD_PORTS = [0, 65536, -1, 70000, 1.5];
const BAD_NAMES = ["Bad_Name", "-lead", "UPPER", "a".repeat(64), "semi;colon", "quo\"te", "new\nline", "ü-name"];
// EndpointSlice and Node names are DNS-1123 subdomains: 64 characters are fine, 254 are not.
const BAD_SUBDOMAINS = BAD_NAMES.map((n) => (n.length === 64 ? "a".repeat(254) : n));
const BAD_PROTOCOLS = ["HTTP", "tcp", "ICMP", 6];

type Candidate = Omit<Corruption, "object">;

function serviceCandidates(svc: KubeObject): Candidate[] {
  const spec = svc.spec as Record<string, unknown>;
  const ports = (spec.ports as Record<string, unknown>[] | undefined) ?? [];
  const out: Candidate[] = [
    ...BAD_NAMES.map((value) => ({ field: "metadata.name", value, rule: "name" as const })),
    ...["Bad_NS", "ns.dotted", "UPPER"].map((value) => ({ field: "metadata.namespace", value, rule: "name" as const })),
    { field: "metadata.name", value: undefined, rule: "missing" },
    { field: "spec.type", value: "Cluster", rule: "enum" },
    { field: "spec.sessionAffinity", value: "Cookie", rule: "enum" },
    { field: "spec.internalTrafficPolicy", value: "Nowhere", rule: "enum" },
    { field: "spec.ports", value: "80", rule: "type" },
  ];
  ports.forEach((p, i) => {
    out.push(...BAD_PORTS.map((value) => ({ field: `spec.ports[${i}].port`, value, rule: "port" as const })));
    out.push({ field: `spec.ports[${i}].port`, value: "eighty", rule: "type" });
    out.push({ field: `spec.ports[${i}].port`, value: undefined, rule: "missing" });
    out.push(...BAD_PROTOCOLS.map((value) => ({ field: `spec.ports[${i}].protocol`, value, rule: "protocol" as const })));
    out.push(...[65536, -5, "bad_name", "toolongportname16", "UPPER"].map((value) => ({ field: `spec.ports[${i}].targetPort`, value, rule: "port" as const })));
    if (p.name !== undefined) out.push(...["P0", "a_b", "x;y"].map((value) => ({ field: `spec.ports[${i}].name`, value, rule: "name" as const })));
    if (p.nodePort !== undefined) out.push(...[70000, -1].map((value) => ({ field: `spec.ports[${i}].nodePort`, value, rule: "port" as const })));
  });
  if (ports.length > 0) out.push({ field: "spec.ports", value: [...ports, ports[0]], rule: "duplicate" });
  const clusterIPs = spec.clusterIPs as string[] | undefined;
  if (clusterIPs && clusterIPs[0] !== "None") {
    out.push(...BAD_IPS.map((value) => ({ field: "spec.clusterIP", value, rule: "ip" as const })));
  }
  (spec.externalIPs as string[] | undefined)?.forEach((_, k) =>
    out.push(...BAD_IPS.map((value) => ({ field: `spec.externalIPs[${k}]`, value, rule: "ip" as const }))),
  );
  (spec.loadBalancerSourceRanges as string[] | undefined)?.forEach((_, k) =>
    out.push(...["192.0.2.0/33", "not-a-cidr", "999.0.0.0/8"].map((value) => ({ field: `spec.loadBalancerSourceRanges[${k}]`, value, rule: "ip" as const }))),
  );
  if (spec.sessionAffinity === "ClientIP") {
    out.push(...[0, 86401, "long"].map((value) => ({ field: "spec.sessionAffinityConfig.clientIP.timeoutSeconds", value, rule: "port" as const })));
  }
  if (spec.externalTrafficPolicy !== undefined) out.push({ field: "spec.externalTrafficPolicy", value: "Everywhere", rule: "enum" });
  const ingress = ((svc.status as { loadBalancer?: { ingress?: Record<string, unknown>[] } } | undefined)?.loadBalancer?.ingress) ?? [];
  ingress.forEach((ing, k) => {
    if (ing.ip !== undefined) out.push(...BAD_IPS.slice(0, 3).map((value) => ({ field: `status.loadBalancer.ingress[${k}].ip`, value, rule: "ip" as const })));
  });
  return out;
}

function sliceCandidates(slice: KubeObject): Candidate[] {
  const v6 = slice.addressType === "IPv6";
  const endpoints = (slice.endpoints as Record<string, unknown>[] | undefined) ?? [];
  const ports = (slice.ports as unknown[] | undefined) ?? [];
  const out: Candidate[] = [
    ...BAD_SUBDOMAINS.map((value) => ({ field: "metadata.name", value, rule: "name" as const })),
    { field: "addressType", value: "IPv5", rule: "enum" },
    { field: "addressType", value: undefined, rule: "missing" },
    { field: "endpoints", value: "none", rule: "type" },
  ];
  ports.forEach((_, k) => {
    out.push(...[65536, -1, "x"].map((value) => ({ field: `ports[${k}].port`, value, rule: "port" as const })));
    out.push(...BAD_PROTOCOLS.map((value) => ({ field: `ports[${k}].protocol`, value, rule: "protocol" as const })));
    out.push(...["Bad_Name", "x;y"].map((value) => ({ field: `ports[${k}].name`, value, rule: "name" as const })));
  });
  endpoints.forEach((_, j) => {
    // An address of the other family is invalid for the slice's addressType.
    const wrongFamily = v6 ? "10.1.2.3" : "fd00::1";
    // FQDN slices hold DNS names, so an IP-looking string may be a fine name there.
    const bad = slice.addressType === "FQDN" ? ["bad_name", "-lead.example.com", "a..b", "x y.example.com"] : [...BAD_IPS, wrongFamily];
    out.push(...bad.map((value) => ({ field: `endpoints[${j}].addresses[0]`, value, rule: "ip" as const })));
    out.push({ field: `endpoints[${j}].addresses`, value: undefined, rule: "missing" });
    out.push(...["Bad_Node!", "no de", "n\"q"].map((value) => ({ field: `endpoints[${j}].nodeName`, value, rule: "name" as const })));
    out.push({ field: `endpoints[${j}].conditions.ready`, value: "yes", rule: "type" });
  });
  return out;
}

function candidatesFor(object: KubeObject): Candidate[] {
  if (object.kind === "Service") return serviceCandidates(object);
  if (object.kind === "EndpointSlice") return sliceCandidates(object);
  if (object.kind === "Node") return BAD_SUBDOMAINS.slice(0, 4).map((value) => ({ field: "metadata.name", value, rule: "name" as const }));
  return [];
}

/** Splits `spec.ports[0].port` into `["spec", "ports", 0, "port"]`. */
export function pathSegments(field: string): (string | number)[] {
  return field.split(/\.|\[|\]/).filter((s) => s !== "").map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** A deep copy of `objects` with the corruption applied. */
export function applyCorruption(objects: readonly KubeObject[], c: Corruption): KubeObject[] {
  const copy = structuredClone(objects) as KubeObject[];
  const segments = pathSegments(c.field);
  let node: Record<string | number, unknown> = copy[c.object] as Record<string, unknown>;
  for (const seg of segments.slice(0, -1)) {
    if (node[seg] === undefined || node[seg] === null) node[seg] = {};
    node = node[seg] as Record<string | number, unknown>;
  }
  const last = segments[segments.length - 1]!;
  if (c.value === undefined) {
    if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
    else delete node[last];
  } else node[last] = c.value;
  if (c.field === "spec.clusterIP") {
    // Keep clusterIPs consistent so the only fault is the address itself.
    const spec = (copy[c.object] as { spec: Record<string, unknown> }).spec;
    spec.clusterIPs = [c.value, ...((spec.clusterIPs as string[]).slice(1))];
  }
  return copy;
}

/** A valid case with one field of one object made invalid. */
export function corruptedCase(options: { maxServices?: number } = {}): fc.Arbitrary<CorruptedCase> {
  return validCase(options).chain((c) => {
    const all: Corruption[] = c.objects.flatMap((o, object) => candidatesFor(o).map((cand) => ({ ...cand, object })));
    return fc.constantFrom(...all).map((corruption) => ({ ...c, objects: applyCorruption(c.objects, corruption), corruption }));
  });
}

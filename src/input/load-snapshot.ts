import type { EndpointSlice, Node, Service, Snapshot } from "../model/snapshot.js";
import { readObjects, type RawObject, type Source } from "./documents.js";
import { InputError, showValue } from "./errors.js";
import { endpointSliceSchema, sliceServiceName, toEndpointSlice } from "./kinds/endpoint-slice.js";
import { endpointsSchema, endpointsToSlices, isMirrored } from "./kinds/endpoints.js";
import { nodeSchema, toNode } from "./kinds/node.js";
import { serviceSchema, toService } from "./kinds/service.js";
import { serviceCIDRSchema, serviceCIDRsOf } from "./kinds/service-cidr.js";
import { describeObject, objectError, zodError } from "./object-errors.js";

// Text in, Snapshot out: every object read, validated, normalised, de-duplicated and sorted, so the
// snapshot (and so the rules) do not depend on the order of files or of objects within them.

export type { Source } from "./documents.js";

export interface LoadOptions {
  /** Make objects of kinds kprc does not read an error instead of skipping them. */
  readonly strict?: boolean;
}

/** Objects that were read but not used, grouped by kind and reason. */
export interface SkippedObjects {
  /** `apiVersion kind`, e.g. `apps/v1 Deployment`. */
  readonly kind: string;
  readonly reason: string;
  readonly count: number;
}

export interface LoadResult {
  readonly snapshot: Snapshot;
  readonly skipped: readonly SkippedObjects[];
}

type Loaded =
  | { readonly kind: "service"; readonly key: string; readonly value: Service }
  | { readonly kind: "slice"; readonly key: string; readonly value: EndpointSlice }
  | { readonly kind: "endpoints"; readonly key: string; readonly value: readonly EndpointSlice[] }
  | { readonly kind: "node"; readonly key: string; readonly value: Node }
  | { readonly kind: "serviceCIDR"; readonly key: string; readonly value: readonly string[] }
  | { readonly kind: "skipped"; readonly key: string; readonly reason: string };

const notRead = "not a kind kprc reads";
const olderVersion = "an apiVersion kprc does not read (Service/Endpoints/Node: v1, EndpointSlice: discovery.k8s.io/v1)";
const readKinds = new Set(["Service", "EndpointSlice", "Endpoints", "Node", "ServiceCIDR"]);

export function loadSnapshot(sources: readonly Source[], options: LoadOptions = {}): LoadResult {
  const loaded = sources.flatMap(readObjects).map((object) => ({ object, result: loadObject(object, options) }));
  const buckets = byKind(dropDuplicates(loaded).map((entry) => entry.result));
  const slices = [...buckets.slices, ...mirroredSlices(buckets)];
  return {
    snapshot: {
      services: buckets.services.sort((a, b) => compareKeys(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`)),
      endpointSlices: slices.sort((a, b) => compareKeys(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`)),
      nodes: buckets.nodes.sort((a, b) => compareKeys(a.name, b.name)),
      ...(buckets.serviceCIDRs.size > 0 ? { serviceCIDRs: [...buckets.serviceCIDRs].sort(compareKeys) } : {}),
    },
    skipped: [...buckets.skipped.values()].sort((a, b) => compareKeys(`${a.kind}\0${a.reason}`, `${b.kind}\0${b.reason}`)),
  };
}

interface Buckets {
  readonly services: Service[];
  readonly slices: EndpointSlice[];
  readonly mirrored: { readonly service: string; readonly slices: readonly EndpointSlice[] }[];
  readonly nodes: Node[];
  readonly serviceCIDRs: Set<string>;
  readonly skipped: Map<string, { kind: string; reason: string; count: number }>;
}

function byKind(results: readonly Loaded[]): Buckets {
  const b: Buckets = { services: [], slices: [], mirrored: [], nodes: [], serviceCIDRs: new Set(), skipped: new Map() };
  for (const result of results) {
    switch (result.kind) {
      case "service":
        b.services.push(result.value);
        break;
      case "slice":
        b.slices.push(result.value);
        break;
      case "endpoints":
        b.mirrored.push({ service: result.key, slices: result.value });
        break;
      case "node":
        b.nodes.push(result.value);
        break;
      case "serviceCIDR":
        for (const c of result.value) b.serviceCIDRs.add(c);
        break;
      case "skipped":
        countSkipped(b, result.key, result.reason);
        break;
      default: {
        const never: never = result;
        throw new Error(`unhandled object ${JSON.stringify(never)}`);
      }
    }
  }
  return b;
}

function countSkipped(b: Buckets, kind: string, reason: string): void {
  const key = `${kind}\0${reason}`;
  const entry = b.skipped.get(key) ?? { kind, reason, count: 0 };
  entry.count++;
  b.skipped.set(key, entry);
}

/**
 * The mirroring controller only mirrors Endpoints of services that have no EndpointSlices of their
 * own; in a dump holding both, the slices are what kube-proxy reads.
 */
function mirroredSlices(b: Buckets): EndpointSlice[] {
  const withSlices = new Set(b.slices.map((s) => `${s.namespace}/${s.serviceName}`));
  return b.mirrored.flatMap((m) => {
    if (!withSlices.has(m.service)) return m.slices;
    countSkipped(b, "v1 Endpoints", "the service has EndpointSlices");
    return [];
  });
}

function loadObject(object: RawObject, options: LoadOptions): Loaded {
  const { apiVersion, kind } = object.value;
  if (apiVersion === undefined || apiVersion === "") throw objectError(object, "invalid-object", "is required", ["apiVersion"]);
  if (typeof apiVersion !== "string") throw objectError(object, "invalid-object", `${showValue(apiVersion)} is not a string`, ["apiVersion"]);
  if (kind === undefined || kind === "") throw objectError(object, "invalid-object", "is required", ["kind"]);
  if (typeof kind !== "string") throw objectError(object, "invalid-object", `${showValue(kind)} is not a string`, ["kind"]);
  const type = `${apiVersion} ${kind}`;
  switch (type) {
    case "v1 Service":
      return { kind: "service", ...keyed(object, toService(parse(object, serviceSchema))) };
    case "discovery.k8s.io/v1 EndpointSlice": {
      const raw = parse(object, endpointSliceSchema);
      const service = sliceServiceName(raw);
      // kube-proxy ignores a slice without the label: it cannot tell which service it belongs to.
      if (service === undefined) return { kind: "skipped", key: type, reason: "no kubernetes.io/service-name label" };
      return { kind: "slice", ...keyed(object, toEndpointSlice(raw, service)) };
    }
    case "v1 Endpoints": {
      const raw = parse(object, endpointsSchema);
      if (!isMirrored(raw)) return { kind: "skipped", key: type, reason: "labelled endpointslice.kubernetes.io/skip-mirror" };
      const slices = endpointsToSlices(raw);
      return { kind: "endpoints", key: `${raw.metadata.namespace ?? "default"}/${raw.metadata.name}`, value: slices };
    }
    case "v1 Node":
      return { kind: "node", ...keyed(object, toNode(parse(object, nodeSchema))) };
    case "networking.k8s.io/v1 ServiceCIDR":
    case "networking.k8s.io/v1beta1 ServiceCIDR": {
      const raw = parse(object, serviceCIDRSchema);
      return { kind: "serviceCIDR", key: raw.metadata.name, value: serviceCIDRsOf(raw) };
    }
    default:
      if (options.strict === true) {
        const reason = readKinds.has(kind) ? olderVersion : `${notRead} (Service, EndpointSlice, Endpoints, Node, ServiceCIDR)`;
        throw objectError(object, "unsupported-kind", `${printableKind(type)} is ${reason}; --strict is on`, ["kind"]);
      }
      return { kind: "skipped", key: printableKind(type), reason: readKinds.has(kind) ? olderVersion : notRead };
  }
}

function printableKind(type: string): string {
  return /^[\x20-\x7e]{1,120}$/.test(type) ? type : JSON.stringify(type.slice(0, 60)).replace(/[^\x20-\x7e]/g, "?");
}

function parse<T>(object: RawObject, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import("zod").ZodError } }): T {
  const result = schema.safeParse(object.value);
  if (!result.success) throw zodError(object, result.error);
  return result.data;
}

function keyed<T extends { readonly name: string; readonly namespace?: string }>(object: RawObject, value: T): { key: string; value: T } {
  return { key: `${String(object.value.kind)} ${value.namespace ?? ""}/${value.name}`, value };
}

/** The same object in two files is fine if both copies agree (a dump loaded twice); otherwise it is ambiguous. */
function dropDuplicates<T extends { object: RawObject; result: Loaded }>(loaded: readonly T[]): T[] {
  const seen = new Map<string, T>();
  const out: T[] = [];
  for (const entry of loaded) {
    const { result } = entry;
    if (result.kind === "skipped") {
      out.push(entry);
      continue;
    }
    const key = `${result.kind} ${result.key}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, entry);
      out.push(entry);
    } else if (JSON.stringify(first.result) !== JSON.stringify(result)) {
      const [a, b] = [first.object, entry.object].sort((x, y) => compareKeys(locationOf(x), locationOf(y)));
      throw new InputError("conflict", `defined twice with different contents (also at ${locationOf(a!)})`, {
        file: b!.file,
        ...b!.locate([]),
        object: describeObject(b!),
      });
    }
  }
  return out;
}

function locationOf(object: RawObject): string {
  const pos = object.locate([]);
  return pos === undefined ? object.file : `${object.file}:${pos.line}:${pos.col}`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

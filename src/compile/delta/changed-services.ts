import type { EndpointSlice, Service, Snapshot } from "../../model/snapshot.js";
import { sameValue } from "./same-value.js";

// Which Services changed between two snapshots — kube-proxy's partial-sync granularity: a change
// to a Service or to any of its EndpointSlices makes the whole Service (all its ports) dirty.
// A node agent keeps unchanged objects as they are (an informer cache does), so objects found in
// both snapshots are unchanged without a look inside; only the rest is compared deeply.

/** Service names by namespace: a set of services without building a key string per object. */
export class ServiceKeys {
  private readonly byNamespace = new Map<string, Set<string>>();
  size = 0;

  add(namespace: string, name: string): void {
    let names = this.byNamespace.get(namespace);
    if (names === undefined) this.byNamespace.set(namespace, (names = new Set()));
    if (!names.has(name)) {
      names.add(name);
      this.size++;
    }
  }

  has(namespace: string, name: string): boolean {
    return this.byNamespace.get(namespace)?.has(name) ?? false;
  }

  *entries(): Generator<[string, string]> {
    for (const [namespace, names] of this.byNamespace) for (const name of names) yield [namespace, name];
  }
}

/** The part of a snapshot that belongs to the given services (nodes are kept whole). */
export function subSnapshot(snapshot: Snapshot, keys: ServiceKeys): Snapshot {
  return {
    services: snapshot.services.filter((s) => keys.has(s.namespace, s.name)),
    endpointSlices: snapshot.endpointSlices.filter((s) => keys.has(s.namespace, s.serviceName)),
    nodes: snapshot.nodes,
  };
}

/**
 * Calls `onlyOnOneSide` for each element that is not in both lists as the very same object. The
 * common prefix and suffix (in the same order) are skipped without hashing: after a typical update
 * only a few objects in the middle differ.
 */
function differentObjects<T>(a: readonly T[], b: readonly T[], onlyOnOneSide: (x: T) => void): void {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  if (endA === start && endB === start) return;
  const restA = a.slice(start, endA);
  const restB = b.slice(start, endB);
  const inA = new Set(restA);
  const inB = new Set(restB);
  for (const x of restA) if (!inB.has(x)) onlyOnOneSide(x);
  for (const x of restB) if (!inA.has(x)) onlyOnOneSide(x);
}

/** Services with an object (the Service or one of its slices) that is not in both snapshots as the very same object. */
function touchedServices(previous: Snapshot, next: Snapshot): ServiceKeys {
  const keys = new ServiceKeys();
  differentObjects(previous.services, next.services, (s) => keys.add(s.namespace, s.name));
  differentObjects(previous.endpointSlices, next.endpointSlices, (s) => keys.add(s.namespace, s.serviceName));
  return keys;
}

interface ServiceGroup {
  service?: Service;
  readonly slices: EndpointSlice[];
}

function groupByService(snapshot: Snapshot): Map<string, ServiceGroup> {
  const groups = new Map<string, ServiceGroup>();
  const group = (namespace: string, name: string): ServiceGroup => {
    const key = `${namespace}/${name}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { slices: [] }));
    return g;
  };
  for (const service of snapshot.services) group(service.namespace, service.name).service = service;
  for (const slice of snapshot.endpointSlices) group(slice.namespace, slice.serviceName).slices.push(slice);
  return groups;
}

function sameSlices(a: readonly EndpointSlice[], b: readonly EndpointSlice[]): boolean {
  if (a.length !== b.length) return false;
  const byName = new Map(b.map((s) => [s.name, s]));
  return a.every((s) => sameValue(s, byName.get(s.name)));
}

/** Services added, removed or changed (the Service or any of its slices). */
export function changedServices(previous: Snapshot, next: Snapshot): ServiceKeys {
  const touched = touchedServices(previous, next);
  const before = groupByService(subSnapshot(previous, touched));
  const after = groupByService(subSnapshot(next, touched));
  const changed = new ServiceKeys();
  for (const [namespace, name] of touched.entries()) {
    const key = `${namespace}/${name}`;
    const a = before.get(key);
    const b = after.get(key);
    if (!sameValue(a?.service, b?.service) || !sameSlices(a?.slices ?? [], b?.slices ?? [])) changed.add(namespace, name);
  }
  return changed;
}

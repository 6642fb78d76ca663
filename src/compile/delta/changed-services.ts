import type { EndpointSlice, Service, Snapshot } from "../../model/snapshot.js";
import { sameValue } from "./same-value.js";

// Which Services changed between two snapshots — kube-proxy's partial-sync granularity: a change
// to a Service or to any of its EndpointSlices makes the whole Service (all its ports) dirty.

export interface ServiceGroup {
  readonly service?: Service;
  readonly slices: EndpointSlice[];
}

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

/** Services and their slices by `namespace/name`; slices without a Service form groups of their own. */
export function groupByService(snapshot: Snapshot): Map<string, ServiceGroup> {
  const groups = new Map<string, { service?: Service; slices: EndpointSlice[] }>();
  for (const service of snapshot.services) groups.set(keyOf(service.namespace, service.name), { service, slices: [] });
  for (const slice of snapshot.endpointSlices) {
    const key = keyOf(slice.namespace, slice.serviceName);
    const group = groups.get(key);
    if (group) group.slices.push(slice);
    else groups.set(key, { slices: [slice] });
  }
  return groups;
}

function sameSlices(a: readonly EndpointSlice[], b: readonly EndpointSlice[]): boolean {
  if (a.length !== b.length) return false;
  const byName = new Map(b.map((s) => [s.name, s]));
  return a.every((s) => sameValue(s, byName.get(s.name)));
}

function sameGroup(a: ServiceGroup | undefined, b: ServiceGroup | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameValue(a.service, b.service) && sameSlices(a.slices, b.slices);
}

/** Keys (`namespace/name`) of the services added, removed or changed, with or without their slices. */
export function changedServiceKeys(previous: ReadonlyMap<string, ServiceGroup>, next: ReadonlyMap<string, ServiceGroup>): Set<string> {
  const changed = new Set<string>();
  for (const [key, group] of next) if (!sameGroup(previous.get(key), group)) changed.add(key);
  for (const key of previous.keys()) if (!next.has(key)) changed.add(key);
  return changed;
}

/** The part of a snapshot that belongs to the given services (nodes are kept whole). */
export function subSnapshot(groups: ReadonlyMap<string, ServiceGroup>, keys: Iterable<string>, snapshot: Snapshot): Snapshot {
  const services: Service[] = [];
  const endpointSlices: EndpointSlice[] = [];
  for (const key of keys) {
    const group = groups.get(key);
    if (!group) continue;
    if (group.service) services.push(group.service);
    endpointSlices.push(...group.slices);
  }
  return { services, endpointSlices, nodes: snapshot.nodes };
}

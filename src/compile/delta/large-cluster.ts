import type { ProxyConfig } from "../../model/config.js";
import type { EndpointSlice, Snapshot } from "../../model/snapshot.js";
import { planServicePorts } from "../plan-service-ports.js";
import { subSnapshot, type ServiceKeys } from "./changed-services.js";

// kube-proxy's large-cluster mode (more than largeClusterEndpointsThreshold endpoints in all
// service ports together) drops comments from every endpoint rule, so a service-scoped delta must
// compile the changed services in the mode of the *whole* snapshot. The count is a sum over
// services, and the unchanged services count the same on both sides, so it is enough to bound
// their share: a cheap upper bound often settles "small", and exact per-service counts, stopping as
// soon as the threshold is passed, settle "large".

/**
 * Never below kube-proxy's count: a service port takes at most one port of each of its slices, so
 * each slice adds at most its endpoints once per port of the service with the most ports.
 */
function upperBound(snapshot: Snapshot): number {
  const ports = snapshot.services.reduce((n, s) => Math.max(n, s.ports.length), 0);
  return snapshot.endpointSlices.reduce((n, s) => n + s.endpoints.length, 0) * ports;
}

function exactCount(snapshot: Snapshot, config: ProxyConfig): number {
  return planServicePorts(snapshot, config).reduce((n, plan) => n + plan.endpointCount, 0);
}

/** Exact counts of the unchanged services one by one, until the running total passes `limit`. */
function countUnchangedUpTo(next: Snapshot, changed: ServiceKeys, config: ProxyConfig, limit: number): number {
  // Slices by namespace, then service: no key string per slice.
  const slices = new Map<string, Map<string, EndpointSlice[]>>();
  for (const slice of next.endpointSlices) {
    let byService = slices.get(slice.namespace);
    if (byService === undefined) slices.set(slice.namespace, (byService = new Map()));
    const list = byService.get(slice.serviceName);
    if (list === undefined) byService.set(slice.serviceName, [slice]);
    else list.push(slice);
  }
  let total = 0;
  for (const service of next.services) {
    if (changed.has(service.namespace, service.name)) continue;
    const own = slices.get(service.namespace)?.get(service.name) ?? [];
    total += exactCount({ services: [service], endpointSlices: own, nodes: next.nodes }, config);
    if (total > limit) break;
  }
  return total;
}

/** Whether both snapshots are in large-cluster mode; undefined when one is and the other is not. */
export function sharedLargeClusterMode(previous: Snapshot, next: Snapshot, changed: ServiceKeys, config: ProxyConfig): boolean | undefined {
  const threshold = config.largeClusterEndpointsThreshold;
  const changedPrevious = exactCount(subSnapshot(previous, changed), config);
  const changedNext = exactCount(subSnapshot(next, changed), config);
  if (upperBound(next) + Math.max(changedPrevious, changedNext) <= threshold) return false;

  const unchanged = countUnchangedUpTo(next, changed, config, threshold - Math.min(changedPrevious, changedNext));
  const previousLarge = unchanged + changedPrevious > threshold;
  const nextLarge = unchanged + changedNext > threshold;
  return previousLarge === nextLarge ? nextLarge : undefined;
}

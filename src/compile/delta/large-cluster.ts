import type { ProxyConfig } from "../../model/config.js";
import type { Snapshot } from "../../model/snapshot.js";
import { planServicePorts } from "../plan-service-ports.js";
import { subSnapshot, type ServiceGroup } from "./changed-services.js";

// kube-proxy's large-cluster mode (more than largeClusterEndpointsThreshold endpoints in all
// service ports together) drops comments from every endpoint rule, so a service-scoped delta must
// compile the changed services in the mode of the *whole* snapshot. The count is a sum over
// services, and the unchanged services count the same on both sides, so it is enough to bound
// their share: a cheap upper bound (every endpoint of every matching slice port) often settles
// "small", and exact per-service counts, stopping as soon as the threshold is passed, settle "large".

/** Every endpoint of every slice port that matches a port of the service: never below kube-proxy's count. */
function upperBound(group: ServiceGroup): number {
  if (group.service === undefined) return 0;
  let n = 0;
  for (const port of group.service.ports) {
    for (const slice of group.slices) {
      if (slice.ports.some((p) => p.name === port.name && p.protocol === port.protocol)) n += slice.endpoints.length;
    }
  }
  return n;
}

function exactCount(snapshot: Snapshot, config: ProxyConfig): number {
  return planServicePorts(snapshot, config).reduce((n, plan) => n + plan.endpointCount, 0);
}

export interface ModeQuery {
  readonly previous: Snapshot;
  readonly next: Snapshot;
  readonly previousGroups: ReadonlyMap<string, ServiceGroup>;
  readonly nextGroups: ReadonlyMap<string, ServiceGroup>;
  readonly changed: ReadonlySet<string>;
  readonly config: ProxyConfig;
}

/** Whether both snapshots are in large-cluster mode; undefined when one is and the other is not. */
export function sharedLargeClusterMode(q: ModeQuery): boolean | undefined {
  const threshold = q.config.largeClusterEndpointsThreshold;
  const changedPrevious = exactCount(subSnapshot(q.previousGroups, q.changed, q.previous), q.config);
  const changedNext = exactCount(subSnapshot(q.nextGroups, q.changed, q.next), q.config);
  const unchanged = [...q.nextGroups].filter(([key]) => !q.changed.has(key));

  let upper = 0;
  for (const [, group] of unchanged) upper += upperBound(group);
  if (upper + Math.max(changedPrevious, changedNext) <= threshold) return false;

  let exact = 0;
  for (const [key] of unchanged) {
    exact += exactCount(subSnapshot(q.nextGroups, [key], q.next), q.config);
    if (exact + Math.min(changedPrevious, changedNext) > threshold) return true;
  }
  const previousLarge = exact + changedPrevious > threshold;
  return previousLarge === exact + changedNext > threshold ? previousLarge : undefined;
}

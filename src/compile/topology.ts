import { compareStrings, type CandidateEndpoint } from "./endpoints.js";

// kube-proxy's CategorizeEndpoints: which endpoints serve cluster-policy traffic (with topology
// hints), which serve local-policy traffic, and which are reachable at all. "Usable" means ready,
// falling back (separately for the cluster and the local list) to serving+terminating endpoints.

export interface TopologyInput {
  readonly usesClusterEndpoints: boolean;
  readonly usesLocalEndpoints: boolean;
  readonly nodeName: string;
  readonly zone: string;
}

export interface Categorized {
  readonly cluster: readonly CandidateEndpoint[];
  readonly local: readonly CandidateEndpoint[];
  readonly allReachable: readonly CandidateEndpoint[];
  readonly hasEndpoints: boolean;
}

type TopologyMode = "" | "PreferSameNode" | "PreferSameZone";

/**
 * The topology mode from the hints of the ready endpoints. Node hints are read as with the
 * PreferSameTrafficDistribution feature gate on (its default since it went beta).
 */
export function topologyMode(endpoints: readonly CandidateEndpoint[], nodeName: string, zone: string): TopologyMode {
  const ready = endpoints.filter((e) => e.ready);
  if (ready.length === 0) return "";
  const nodeHints = ready.map((e) => e.hints?.forNodes ?? []);
  if (nodeHints.every((h) => h.length > 0) && nodeHints.some((h) => h.includes(nodeName))) return "PreferSameNode";
  const zoneHints = ready.map((e) => e.hints?.forZones ?? []);
  if (zoneHints.every((h) => h.length > 0) && zoneHints.some((h) => h.includes(zone))) return "PreferSameZone";
  return "";
}

function availableForTopology(e: CandidateEndpoint, mode: TopologyMode, nodeName: string, zone: string): boolean {
  switch (mode) {
    case "":
      return true;
    case "PreferSameNode":
      return (e.hints?.forNodes ?? []).includes(nodeName);
    case "PreferSameZone":
      return (e.hints?.forZones ?? []).includes(zone);
    default: {
      const never: never = mode;
      throw new Error(`unhandled topology mode ${String(never)}`);
    }
  }
}

const servingTerminating = (e: CandidateEndpoint): boolean => e.serving && e.terminating;

function clusterEndpoints(endpoints: readonly CandidateEndpoint[], mode: TopologyMode, input: TopologyInput): CandidateEndpoint[] {
  const ready = endpoints.filter((e) => e.ready && availableForTopology(e, mode, input.nodeName, input.zone));
  return ready.length > 0 ? ready : endpoints.filter(servingTerminating);
}

/** kube-proxy builds the union through a Go map (random order); kprc keeps the endpoint string order. */
function union(a: readonly CandidateEndpoint[], b: readonly CandidateEndpoint[]): CandidateEndpoint[] {
  const byAddress = new Map<string, CandidateEndpoint>();
  for (const e of [...a, ...b]) byAddress.set(e.address, e);
  return [...byAddress.values()].sort((x, y) => compareStrings(x.address, y.address));
}

export function categorizeEndpoints(endpoints: readonly CandidateEndpoint[], input: TopologyInput): Categorized {
  if (endpoints.length === 0) return { cluster: [], local: [], allReachable: [], hasEndpoints: false };
  let mode: TopologyMode = "";
  let cluster: CandidateEndpoint[] = [];
  let hasEndpoints = false;
  if (input.usesClusterEndpoints) {
    mode = topologyMode(endpoints, input.nodeName, input.zone);
    cluster = clusterEndpoints(endpoints, mode, input);
    hasEndpoints = cluster.length > 0;
  }
  if (!input.usesLocalEndpoints) return { cluster, local: [], allReachable: cluster, hasEndpoints };

  const localReady = endpoints.some((e) => e.ready && e.isLocal);
  const localServingTerminating = endpoints.some((e) => !e.ready && servingTerminating(e) && e.isLocal);
  if (endpoints.some((e) => e.ready || servingTerminating(e))) hasEndpoints = true;
  let local: CandidateEndpoint[] = [];
  let useServingTerminating = false;
  if (localReady) {
    local = endpoints.filter((e) => e.isLocal && e.ready);
  } else if (localServingTerminating) {
    useServingTerminating = true;
    local = endpoints.filter((e) => e.isLocal && servingTerminating(e));
  }
  if (!input.usesClusterEndpoints) return { cluster, local, allReachable: local, hasEndpoints };
  if (mode === "" && !useServingTerminating) return { cluster, local, allReachable: cluster, hasEndpoints };
  return { cluster, local, allReachable: union(cluster, local), hasEndpoints };
}

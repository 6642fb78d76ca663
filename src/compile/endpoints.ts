import type { Family, Protocol } from "../model/ruleset.js";
import type { EndpointSlice, Snapshot } from "../model/snapshot.js";
import type { PlannedEndpoint } from "./plan.js";
import { joinHostPort } from "../model/ip.js";
import { apiFamily, parseIP } from "./ip.js";

// Endpoints of one service port, merged across the service's EndpointSlices the way kube-proxy's
// endpoint-slice cache does it, in kube-proxy's order (plain string order of `ip:port`).

/** A service port's identity in kube-proxy's maps: namespace, service, port name, protocol. */
export interface ServicePortKey {
  readonly namespace: string;
  readonly service: string;
  readonly portName: string;
  readonly protocol: Protocol;
}

export interface EndpointHints {
  readonly forZones: readonly string[];
  readonly forNodes: readonly string[];
}

export interface CandidateEndpoint extends PlannedEndpoint {
  readonly hints?: EndpointHints;
}

/**
 * The slices of each service in this family, keyed by `namespace/service`, each list in slice-name
 * order (kube-proxy iterates a Go map; kprc needs a fixed order for its duplicate-endpoint rule).
 */
export function slicesByService(snapshot: Snapshot, family: Family): Map<string, EndpointSlice[]> {
  const want = apiFamily(family);
  const byService = new Map<string, EndpointSlice[]>();
  for (const s of snapshot.endpointSlices) {
    if (s.addressType !== want) continue;
    const key = `${s.namespace}/${s.serviceName}`;
    const list = byService.get(key);
    if (list === undefined) byService.set(key, [s]);
    else list.push(s);
  }
  for (const list of byService.values()) list.sort((a, b) => compareStrings(a.name, b.name));
  return byService;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function endpointsOfSlice(slice: EndpointSlice, key: ServicePortKey, nodeName: string): CandidateEndpoint[] {
  // A slice port with no number (or 0) is skipped, as kube-proxy does.
  const port = slice.ports.find((p) => p.name === key.portName && p.protocol === key.protocol);
  if (port === undefined || port.port === undefined || port.port === 0) return [];
  const portNumber = port.port;
  // A plain loop and conditional fields rather than flatMap and `...(cond ? {} : {…})` spreads:
  // this runs once per endpoint, and a large cluster has 100k of them.
  const candidates: CandidateEndpoint[] = [];
  for (const e of slice.endpoints) {
    const first = e.addresses[0];
    // Only the first address of an endpoint is used.
    const ip = first === undefined ? undefined : parseIP(first);
    if (ip === undefined) continue;
    const candidate: Mutable<CandidateEndpoint> = {
      ip: ip.text,
      port: portNumber,
      address: joinHostPort(ip.text, portNumber),
      ready: e.ready,
      serving: e.serving,
      terminating: e.terminating,
      isLocal: nodeName !== "" && e.nodeName === nodeName,
    };
    if (e.nodeName !== undefined) candidate.nodeName = e.nodeName;
    if (e.zone !== undefined) candidate.zone = e.zone;
    if (e.hints !== undefined) candidate.hints = e.hints;
    candidates.push(candidate);
  }
  return candidates;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The endpoints of a service port, deduplicated by `ip:port` — a later occurrence replaces an
 * earlier one unless the later one is terminating — and sorted by plain string comparison, so
 * `10.1.1.11:11` comes before `10.1.1.1:11` exactly as in kube-proxy.
 */
export function endpointsForServicePort(slices: readonly EndpointSlice[], key: ServicePortKey, nodeName: string): CandidateEndpoint[] {
  const byAddress = new Map<string, CandidateEndpoint>();
  for (const slice of slices) {
    for (const ep of endpointsOfSlice(slice, key, nodeName)) {
      if (!byAddress.has(ep.address) || !ep.terminating) byAddress.set(ep.address, ep);
    }
  }
  return [...byAddress.values()].sort((a, b) => compareStrings(a.address, b.address));
}

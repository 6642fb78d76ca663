import { endpointString, type KubeObject } from "../support/arbitraries.js";
import { valueOf } from "./cascade-math.js";
import type { RuleLine } from "../hostile/iptables-grammar.js";

// An independent model of which endpoints must get a KUBE-SEP chain, computed from the raw
// Kubernetes objects (not from kprc's snapshot), and the same fact read back from rendered rules.

export interface ExpectedPort {
  /** kube-proxy's ServicePortName: `ns/name:port`, or `ns/name` for an unnamed port. */
  readonly spn: string;
  /** `true` when kube-proxy uses exactly the ready (else serving+terminating) endpoints: Cluster policies, no topology hints. */
  readonly plain: boolean;
  /** Endpoints kube-proxy would pick for a plain service: ready ones, else serving + terminating. */
  readonly chosen: ReadonlySet<string>;
  /** Every endpoint that is ready, or serving and terminating: no other may ever get a KUBE-SEP. */
  readonly usable: ReadonlySet<string>;
}

interface RawPort { name?: string; protocol?: string; port?: number }
interface RawEndpoint { addresses: string[]; conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean }; hints?: unknown }

interface RawSubsetAddress { ip: string }
interface RawSubset { addresses?: RawSubsetAddress[]; notReadyAddresses?: RawSubsetAddress[]; ports?: RawPort[] }

/** A legacy Endpoints object as the EndpointSlice mirroring controller sees it: one slice per subset and family. */
function mirrored(endpoints: KubeObject, addressType: "IPv4" | "IPv6"): KubeObject[] {
  const meta = endpoints.metadata as { name: string; namespace: string };
  const ofFamily = (a: RawSubsetAddress) => a.ip.includes(":") === (addressType === "IPv6");
  return ((endpoints.subsets as RawSubset[] | undefined) ?? []).map((subset) => ({
    kind: "EndpointSlice",
    addressType,
    metadata: { namespace: meta.namespace, labels: { "kubernetes.io/service-name": meta.name } },
    ports: subset.ports ?? [],
    endpoints: [
      ...(subset.addresses ?? []).filter(ofFamily).map((a) => ({ addresses: [a.ip], conditions: { ready: true } })),
      ...(subset.notReadyAddresses ?? []).filter(ofFamily).map((a) => ({ addresses: [a.ip], conditions: { ready: false } })),
    ],
  }));
}

export function expectedPorts(objects: readonly KubeObject[], family: "ipv4" | "ipv6"): ExpectedPort[] {
  const addressType = family === "ipv4" ? "IPv4" : "IPv6";
  const slices = [
    ...objects.filter((o) => o.kind === "EndpointSlice" && o.addressType === addressType),
    ...objects.filter((o) => o.kind === "Endpoints").flatMap((o) => mirrored(o, addressType)),
  ];
  const out: ExpectedPort[] = [];
  for (const svc of objects.filter((o) => o.kind === "Service")) {
    const meta = svc.metadata as { name: string; namespace: string };
    const spec = svc.spec as { type: string; clusterIPs?: string[]; ports?: RawPort[]; internalTrafficPolicy?: string; externalTrafficPolicy?: string };
    if (spec.type === "ExternalName") continue;
    const hasFamilyIP = (spec.clusterIPs ?? []).some((ip) => ip !== "None" && ip.includes(":") === (family === "ipv6"));
    if (!hasFamilyIP) continue;
    const own = slices.filter((s) => (s.metadata as { namespace: string }).namespace === meta.namespace && ((s.metadata as { labels?: Record<string, string> }).labels ?? {})["kubernetes.io/service-name"] === meta.name);
    for (const port of spec.ports ?? []) {
      const portName = port.name ?? "";
      const ready = new Set<string>();
      const fallback = new Set<string>();
      let hinted = false;
      for (const slice of own) {
        const slicePort = (slice.ports as RawPort[]).find((p) => (p.name ?? "") === portName && (p.protocol ?? "TCP") === (port.protocol ?? "TCP"));
        if (slicePort?.port === undefined) continue;
        for (const e of slice.endpoints as RawEndpoint[]) {
          const c = e.conditions ?? {};
          const ep = endpointString(e.addresses[0]!, slicePort.port);
          if (e.hints !== undefined) hinted = true;
          if (c.ready ?? true) ready.add(ep);
          else if ((c.serving ?? true) && (c.terminating ?? false)) fallback.add(ep);
        }
      }
      out.push({
        spn: portName === "" ? `${meta.namespace}/${meta.name}` : `${meta.namespace}/${meta.name}:${portName}`,
        plain: !hinted && spec.internalTrafficPolicy !== "Local" && spec.externalTrafficPolicy !== "Local",
        chosen: ready.size > 0 ? ready : fallback,
        usable: new Set([...ready, ...fallback]),
      });
    }
  }
  return out;
}

/** ServicePortName → the `--to-destination` of every KUBE-SEP chain whose DNAT carries that name. */
export function sepDestinations(rules: readonly RuleLine[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of rules) {
    if (r.op !== "-A" || !r.chain.startsWith("KUBE-SEP-")) continue;
    const dest = valueOf(r.tokens, "--to-destination");
    const spn = r.comments[0];
    if (dest === undefined || spn === undefined) continue;
    const set = out.get(spn) ?? new Set<string>();
    set.add(dest);
    out.set(spn, set);
  }
  return out;
}

/** Jump/goto targets that are neither a standard target nor a chain declared in the same table. */
export function undeclaredTargets(text: string): string[] {
  const standard = new Set(["ACCEPT", "DROP", "REJECT", "RETURN", "DNAT", "SNAT", "MASQUERADE", "MARK", "CONNMARK", "LOG"]);
  const missing: string[] = [];
  for (const table of text.split(/^COMMIT\n/m)) {
    const declared = new Set([...table.matchAll(/^:(\S+) /gm)].map((m) => m[1]!));
    for (const m of table.matchAll(/ -[jg] (\S+)/g)) if (!standard.has(m[1]!) && !declared.has(m[1]!)) missing.push(m[1]!);
  }
  return missing;
}

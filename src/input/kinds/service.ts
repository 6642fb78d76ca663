import { z } from "zod";
import type { IPFamily, Service, ServicePort } from "../../model/snapshot.js";
import {
  anyString,
  cidr,
  familyOf,
  integerIn,
  ipAddress,
  oneOf,
  optionalPort,
  port,
  portName,
  protocol,
  serviceName,
  targetPort,
} from "../fields.js";
import { defaultNamespace, namespacedMetadata } from "./metadata.js";

// v1 Service: the raw schema (what the API accepts, for the fields kube-proxy reads) and its
// normalisation into the model: API defaults applied, IPs canonical, clusterIP/clusterIPs merged.

const clusterIP = z.unknown().transform((value, ctx): string => {
  if (value === "None" || value === "") return value;
  const parsed = ipAddress.safeParse(value);
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: "custom", message: 'is not an IP address, "None" or ""', input: value });
  return z.NEVER;
});

const servicePortSchema = z.object({
  name: portName.optional(),
  protocol: protocol.optional(),
  port,
  targetPort: targetPort.optional(),
  nodePort: optionalPort.optional(),
});

const ingressSchema = z.object({
  ip: ipAddress.optional(),
  hostname: anyString.optional(),
  ipMode: oneOf(["VIP", "Proxy"] as const).optional(),
});

export const serviceSchema = z
  .object({
    metadata: namespacedMetadata(serviceName),
    spec: z
      .object({
        type: oneOf(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"] as const).optional(),
        clusterIP: clusterIP.optional(),
        clusterIPs: z.array(clusterIP).max(2).optional(),
        ipFamilies: z.array(oneOf(["IPv4", "IPv6"] as const)).max(2).optional(),
        ports: z.array(servicePortSchema).optional(),
        externalIPs: z.array(ipAddress).optional(),
        loadBalancerSourceRanges: z.array(cidr).optional(),
        externalTrafficPolicy: oneOf(["Cluster", "Local"] as const).optional(),
        internalTrafficPolicy: oneOf(["Cluster", "Local"] as const).optional(),
        sessionAffinity: oneOf(["None", "ClientIP"] as const).optional(),
        sessionAffinityConfig: z
          .object({ clientIP: z.object({ timeoutSeconds: integerIn(1, 86400).optional() }).optional() })
          .optional(),
        healthCheckNodePort: optionalPort.optional(),
        trafficDistribution: anyString.optional(),
      })
      .optional(),
    status: z
      .object({ loadBalancer: z.object({ ingress: z.array(ingressSchema).optional() }).optional() })
      .optional(),
  })
  .superRefine((svc, ctx) => {
    const spec = svc.spec;
    if (spec === undefined) return;
    checkClusterIPs(spec.clusterIP, spec.clusterIPs, spec.ipFamilies, ctx);
    checkPorts(spec.ports ?? [], ctx);
  });

type RawService = z.infer<typeof serviceSchema>;
type Ctx = z.RefinementCtx;

function checkClusterIPs(single: string | undefined, list: string[] | undefined, families: IPFamily[] | undefined, ctx: Ctx): void {
  if (single !== undefined && list !== undefined && list.length > 0 && list[0] !== single) {
    ctx.addIssue({ code: "custom", path: ["spec", "clusterIPs", 0], message: `does not match spec.clusterIP (${single})` });
  }
  const ips = (list ?? []).filter((ip) => ip !== "None" && ip !== "");
  if (ips.length === 2 && familyOf(ips[0]!) === familyOf(ips[1]!)) {
    ctx.addIssue({ code: "custom", path: ["spec", "clusterIPs", 1], message: "is the same IP family as clusterIPs[0] (dual-stack needs one of each)" });
  }
  if (families !== undefined && families.length === 2 && families[0] === families[1]) {
    ctx.addIssue({ code: "custom", path: ["spec", "ipFamilies", 1], message: "repeats ipFamilies[0]" });
  }
  ips.forEach((ip, i) => {
    const family = families?.[i];
    if (family !== undefined && family !== familyOf(ip)) {
      ctx.addIssue({ code: "custom", path: ["spec", "clusterIPs", i], message: `is not an ${family} address, as spec.ipFamilies[${i}] says` });
    }
  });
}

/** The API server refuses these, and kube-proxy's ServicePortMap would silently keep only one of them. */
function checkPorts(ports: readonly { name?: string | undefined; protocol?: string | undefined; port: number }[], ctx: Ctx): void {
  const names = new Map<string, number>();
  const numbers = new Map<string, number>();
  ports.forEach((p, i) => {
    const name = p.name ?? "";
    if (ports.length > 1 && name === "") {
      ctx.addIssue({ code: "custom", path: ["spec", "ports", i, "name"], message: "is required when a Service has more than one port" });
    }
    const sameName = names.get(name);
    if (name !== "" && sameName !== undefined) {
      ctx.addIssue({ code: "custom", path: ["spec", "ports", i, "name"], message: `duplicates spec.ports[${sameName}].name` });
    }
    names.set(name, i);
    const key = `${p.port}/${p.protocol ?? "tcp"}`;
    const samePort = numbers.get(key);
    if (samePort !== undefined) {
      ctx.addIssue({ code: "custom", path: ["spec", "ports", i, "port"], message: `duplicates spec.ports[${samePort}] (same port and protocol)` });
    }
    numbers.set(key, i);
  });
}

export function toService(raw: RawService): Service {
  const spec = raw.spec ?? {};
  const clusterIPs = mergeClusterIPs(spec.clusterIP, spec.clusterIPs);
  const affinity = spec.sessionAffinity === "ClientIP" ? { timeoutSeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 } : undefined;
  return {
    namespace: raw.metadata.namespace ?? defaultNamespace,
    name: raw.metadata.name,
    type: spec.type ?? "ClusterIP",
    clusterIPs,
    ipFamilies: spec.ipFamilies ?? clusterIPs.filter((ip) => ip !== "None").map(familyOf),
    ports: (spec.ports ?? []).map(
      (p): ServicePort => ({
        name: p.name ?? "",
        protocol: p.protocol ?? "tcp",
        port: p.port,
        targetPort: p.targetPort ?? p.port,
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      }),
    ),
    externalIPs: spec.externalIPs ?? [],
    loadBalancerIngress: (raw.status?.loadBalancer?.ingress ?? []).map((ing) => ({
      ...(ing.ip !== undefined ? { ip: ing.ip } : {}),
      ...(ing.hostname !== undefined ? { hostname: ing.hostname } : {}),
      ...(ing.ipMode !== undefined ? { ipMode: ing.ipMode } : {}),
    })),
    loadBalancerSourceRanges: spec.loadBalancerSourceRanges ?? [],
    externalTrafficPolicy: spec.externalTrafficPolicy ?? "Cluster",
    internalTrafficPolicy: spec.internalTrafficPolicy ?? "Cluster",
    ...(affinity !== undefined ? { sessionAffinity: affinity } : {}),
    ...(spec.healthCheckNodePort !== undefined ? { healthCheckNodePort: spec.healthCheckNodePort } : {}),
    ...(spec.trafficDistribution !== undefined ? { trafficDistribution: spec.trafficDistribution } : {}),
  };
}

/** `clusterIPs` wins when set (it starts with `clusterIP`); `""` means unset; `None` stays as the headless marker. */
function mergeClusterIPs(single: string | undefined, list: readonly string[] | undefined): string[] {
  const ips = list !== undefined && list.length > 0 ? list : single !== undefined ? [single] : [];
  if (ips.includes("None")) return ["None"];
  return ips.filter((ip) => ip !== "");
}

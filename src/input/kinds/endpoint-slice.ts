import { z } from "zod";
import type { Endpoint, EndpointPort, EndpointSlice } from "../../model/snapshot.js";
import {
  boolean,
  ipv4Address,
  ipv6Address,
  labelValue,
  oneOf,
  port,
  portName,
  protocol,
  serviceName,
  subdomainName,
} from "../fields.js";
import { defaultNamespace, namespacedMetadata } from "./metadata.js";

// discovery.k8s.io/v1 EndpointSlice: the raw schema and its normalisation. Addresses are checked
// against the slice's addressType (the API server refuses a mismatch; kube-proxy would write a
// rule of the wrong family). Conditions get kube-proxy's nil defaults (endpointslicecache.go):
// ready ?? true, serving ?? true, terminating ?? false.

export const serviceNameLabel = "kubernetes.io/service-name";

const endpointSchema = z.object({
  addresses: z.array(z.unknown()).min(1).max(100),
  conditions: z
    .object({ ready: boolean.optional(), serving: boolean.optional(), terminating: boolean.optional() })
    .optional(),
  nodeName: subdomainName.optional(),
  zone: labelValue.optional(),
  hints: z
    .object({
      forZones: z.array(z.object({ name: labelValue })).optional(),
      forNodes: z.array(z.object({ name: subdomainName })).optional(),
    })
    .optional(),
});

const portSchema = z.object({
  name: portName.optional(),
  protocol: protocol.optional(),
  port: port.optional(),
});

export const endpointSliceSchema = z
  .object({
    metadata: namespacedMetadata(subdomainName),
    addressType: oneOf(["IPv4", "IPv6", "FQDN"] as const),
    endpoints: z.array(endpointSchema).optional(),
    ports: z.array(portSchema).optional(),
  })
  .superRefine((slice, ctx) => {
    const label = slice.metadata.labels?.[serviceNameLabel];
    if (label !== undefined && !serviceName.safeParse(label).success) {
      ctx.addIssue({ code: "custom", path: ["metadata", "labels", serviceNameLabel], input: label, message: "is not a valid Service name" });
    }
    const names = new Map<string, number>();
    (slice.ports ?? []).forEach((p, i) => {
      const name = p.name ?? "";
      const same = names.get(name);
      if (same !== undefined) ctx.addIssue({ code: "custom", path: ["ports", i, "name"], message: `duplicates ports[${same}].name` });
      names.set(name, i);
    });
  })
  .transform((slice, ctx) => ({ ...slice, endpoints: normaliseAddresses(slice.addressType, slice.endpoints ?? [], ctx) }));

type RawSlice = z.output<typeof endpointSliceSchema>;
type RawEndpoint = z.output<typeof endpointSchema>;

function normaliseAddresses(type: "IPv4" | "IPv6" | "FQDN", endpoints: RawEndpoint[], ctx: z.RefinementCtx) {
  const address = type === "IPv4" ? ipv4Address : type === "IPv6" ? ipv6Address : subdomainName;
  return endpoints.map((ep, i) => ({
    ...ep,
    addresses: ep.addresses.map((value, j) => {
      const parsed = address.safeParse(value);
      if (parsed.success) return parsed.data;
      const message = parsed.error.issues[0]?.message ?? "is not valid";
      ctx.addIssue({ code: "custom", path: ["endpoints", i, "addresses", j], input: value, message: `${message} (addressType is ${type})` });
      return "";
    }),
  }));
}

/** The slice's `kubernetes.io/service-name` label, or undefined: kube-proxy ignores slices without it. */
export function sliceServiceName(raw: RawSlice): string | undefined {
  const label = raw.metadata.labels?.[serviceNameLabel];
  return typeof label === "string" ? label : undefined;
}

export function toEndpointSlice(raw: RawSlice, service: string): EndpointSlice {
  return {
    namespace: raw.metadata.namespace ?? defaultNamespace,
    name: raw.metadata.name,
    serviceName: service,
    addressType: raw.addressType,
    ports: (raw.ports ?? []).map(
      (p): EndpointPort => ({ name: p.name ?? "", protocol: p.protocol ?? "tcp", ...(p.port !== undefined ? { port: p.port } : {}) }),
    ),
    endpoints: raw.endpoints.map(toEndpoint),
  };
}

function toEndpoint(ep: RawSlice["endpoints"][number]): Endpoint {
  const c = ep.conditions ?? {};
  const hints = ep.hints;
  return {
    addresses: ep.addresses,
    ready: c.ready ?? true,
    serving: c.serving ?? true,
    terminating: c.terminating ?? false,
    ...(ep.nodeName !== undefined ? { nodeName: ep.nodeName } : {}),
    ...(ep.zone !== undefined ? { zone: ep.zone } : {}),
    ...(hints !== undefined
      ? { hints: { forZones: (hints.forZones ?? []).map((h) => h.name), forNodes: (hints.forNodes ?? []).map((h) => h.name) } }
      : {}),
  };
}

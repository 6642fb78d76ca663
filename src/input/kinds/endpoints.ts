import { z } from "zod";
import type { EndpointSlice } from "../../model/snapshot.js";
import { familyOf, ipAddress, port, portName, protocol, subdomainName } from "../fields.js";
import { defaultNamespace, namespacedMetadata } from "./metadata.js";

// Legacy v1 Endpoints, converted into the EndpointSlices the cluster's EndpointSlice mirroring
// controller would create (pkg/controller/endpointslicemirroring): one slice per subset and IP
// family, `addresses` → ready endpoints, `notReadyAddresses` → endpoints with ready=false (the
// controller sets only `ready`, so kube-proxy's nil defaults give serving=true, terminating=false),
// and the subset's ports as the slice ports.

/** Endpoints carrying this label are not mirrored. */
const skipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";

const addressSchema = z.object({ ip: ipAddress, nodeName: subdomainName.optional() });

export const endpointsSchema = z
  .object({
    metadata: namespacedMetadata(subdomainName),
    subsets: z
      .array(
        z.object({
          addresses: z.array(addressSchema).optional(),
          notReadyAddresses: z.array(addressSchema).optional(),
          ports: z.array(z.object({ name: portName.optional(), protocol: protocol.optional(), port })).optional(),
        }),
      )
      .optional(),
  })
  .superRefine((endpoints, ctx) => {
    (endpoints.subsets ?? []).forEach((subset, s) => {
      const names = new Map<string, number>();
      (subset.ports ?? []).forEach((p, i) => {
        const name = p.name ?? "";
        const same = names.get(name);
        if (same !== undefined) ctx.addIssue({ code: "custom", path: ["subsets", s, "ports", i, "name"], message: `duplicates subsets[${s}].ports[${same}].name` });
        names.set(name, i);
      });
    });
  });

type RawEndpoints = z.infer<typeof endpointsSchema>;
type RawAddress = z.infer<typeof addressSchema>;

export function isMirrored(raw: RawEndpoints): boolean {
  return raw.metadata.labels?.[skipMirrorLabel] !== "true";
}

export function endpointsToSlices(raw: RawEndpoints): EndpointSlice[] {
  const namespace = raw.metadata.namespace ?? defaultNamespace;
  const service = raw.metadata.name;
  const slices: EndpointSlice[] = [];
  (raw.subsets ?? []).forEach((subset, s) => {
    const ports = (subset.ports ?? []).map((p) => ({ name: p.name ?? "", protocol: p.protocol ?? ("tcp" as const), port: p.port }));
    const tagged = [
      ...(subset.addresses ?? []).map((a) => ({ a, ready: true })),
      ...(subset.notReadyAddresses ?? []).map((a) => ({ a, ready: false })),
    ];
    for (const family of ["IPv4", "IPv6"] as const) {
      const endpoints = tagged.filter(({ a }) => familyOf(a.ip) === family).map(({ a, ready }) => toEndpoint(a, ready));
      if (endpoints.length === 0) continue;
      slices.push({
        namespace,
        name: `${service}-mirror-${s}-${family.toLowerCase()}`,
        serviceName: service,
        addressType: family,
        ports,
        endpoints,
      });
    }
  });
  return slices;
}

function toEndpoint(address: RawAddress, ready: boolean) {
  return {
    addresses: [address.ip],
    ready,
    serving: true,
    terminating: false,
    ...(address.nodeName !== undefined ? { nodeName: address.nodeName } : {}),
  };
}

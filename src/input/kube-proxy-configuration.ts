import { z } from "zod";
import { readObjects, type Source } from "./documents.js";
import { boolean, cidr, integerIn, ipAddress, oneOf, subdomainName } from "./fields.js";
import { objectError, zodError } from "./object-errors.js";
import { detectLocalModes, type ProxySettings } from "./proxy-settings.js";
import { interfaceName, nodePortAddress } from "./setting-values.js";

// `--config FILE`: a KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1), read for the fields
// that change rules. Validation errors point at the file's line:col like snapshot errors do.

const apiVersion = "kubeproxy.config.k8s.io/v1alpha1";

/** `clusterCIDR: "10.0.0.0/8,fd00::/48"`: one string, comma-separated, like the flag. */
const cidrList = z.unknown().transform((value, ctx): string[] => {
  const parts = typeof value === "string" ? value.split(",").map((s) => s.trim()).filter((s) => s !== "") : undefined;
  const parsed = parts?.map((p) => cidr.safeParse(p));
  if (parsed === undefined || parsed.some((p) => !p.success)) {
    ctx.addIssue({ code: "custom", message: "is not a comma-separated list of CIDRs", input: value });
    return z.NEVER;
  }
  return parsed.flatMap((p) => (p.success ? [p.data] : []));
});

const masquerade = z.object({ masqueradeAll: boolean.optional(), masqueradeBit: integerIn(0, 31).optional(), localhostNodePorts: boolean.optional() });
const conntrack = z.object({ tcpBeLiberal: boolean.optional() });

const configurationSchema = z.object({
  hostnameOverride: z.union([z.literal(""), subdomainName]).optional(),
  nodeIPOverride: z.array(ipAddress).optional(),
  clusterCIDR: cidrList.optional(),
  detectLocalMode: z.union([z.literal(""), oneOf(detectLocalModes)]).optional(),
  detectLocal: z.object({ bridgeInterface: z.union([z.literal(""), interfaceName]).optional(), interfaceNamePrefix: z.union([z.literal(""), interfaceName]).optional() }).optional(),
  nodePortAddresses: z.array(nodePortAddress).optional(),
  iptables: masquerade.optional(),
  nftables: masquerade.optional(),
  conntrack: conntrack.optional(),
  linux: z.object({ masqueradeAll: boolean.optional(), conntrack: conntrack.optional() }).optional(),
});

type Configuration = z.infer<typeof configurationSchema>;

export function readKubeProxyConfiguration(source: Source): ProxySettings {
  const objects = readObjects(source);
  const object = objects[0];
  if (object === undefined) return {};
  if (objects.length > 1) throw objectError(objects[1]!, "config", "a --config file holds one KubeProxyConfiguration");
  if (object.value.apiVersion !== apiVersion || object.value.kind !== "KubeProxyConfiguration") {
    throw objectError(object, "config", `is not a KubeProxyConfiguration (apiVersion ${apiVersion})`, ["kind"]);
  }
  const parsed = configurationSchema.safeParse(object.value);
  if (!parsed.success) {
    const error = zodError(object, parsed.error);
    throw objectError(object, "config", error.problem, parsed.error.issues[0]?.path ?? []);
  }
  return toSettings(parsed.data);
}

function toSettings(c: Configuration): ProxySettings {
  const settings: Record<string, unknown> = {
    nodeName: c.hostnameOverride || undefined,
    nodeIPs: c.nodeIPOverride,
    clusterCIDRs: c.clusterCIDR,
    detectLocalMode: c.detectLocalMode || undefined,
    podBridgeInterface: c.detectLocal?.bridgeInterface || undefined,
    podInterfaceNamePrefix: c.detectLocal?.interfaceNamePrefix || undefined,
    nodePortAddresses: c.nodePortAddresses,
    masqueradeAll: c.iptables?.masqueradeAll ?? c.linux?.masqueradeAll ?? c.nftables?.masqueradeAll,
    masqueradeBit: c.iptables?.masqueradeBit ?? c.nftables?.masqueradeBit,
    localhostNodePorts: c.iptables?.localhostNodePorts,
    conntrackTcpBeLiberal: c.linux?.conntrack?.tcpBeLiberal ?? c.conntrack?.tcpBeLiberal,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as ProxySettings;
}

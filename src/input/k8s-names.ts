// Kubernetes' own name rules (k8s.io/apimachinery/pkg/util/validation). kprc enforces them at the
// edge because names end up in rule comments and chain-name hashes: anything the API server would
// refuse (quotes, spaces, newlines, non-ASCII) never reaches a renderer.

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A DNS-1123 label: namespaces, port names. */
export function isDNS1123Label(s: string): boolean {
  return s.length <= 63 && dns1123Label.test(s);
}

/** A DNS-1035 label (starts with a letter): Service names. */
export function isDNS1035Label(s: string): boolean {
  return s.length <= 63 && dns1035Label.test(s);
}

/** A DNS-1123 subdomain: EndpointSlice, Endpoints and Node names. */
export function isDNS1123Subdomain(s: string): boolean {
  return s.length <= 253 && s.split(".").every((part) => dns1123Label.test(part));
}

/** IANA_SVC_NAME: a named targetPort (≤ 15 characters, a letter somewhere, no `--`). */
export function isIanaSvcName(s: string): boolean {
  return s.length >= 1 && s.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) && /[a-z]/.test(s) && !s.includes("--");
}

/** A label value (zones, the `kubernetes.io/service-name` label). */
export function isLabelValue(s: string): boolean {
  return s.length <= 63 && labelValue.test(s);
}

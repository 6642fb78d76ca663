import type { RuleLine } from "../hostile/iptables-grammar.js";
import { valueOf } from "./cascade-math.js";

// Reading the endpoint choice back out of the nft renderings, to compare it with the iptables one:
// `--format nft` must carry the kernel's own threshold for each printed probability, and
// `--format nft-kube` must spread each service port over the same endpoints with numgen.

/** KUBE-SVC/SVL chain → the `meta random & 2147483647 < N` thresholds, in rule order. */
export function nftThresholds(text: string): Map<string, bigint[]> {
  const out = new Map<string, bigint[]>();
  for (const m of text.matchAll(/^add rule ip6? nat (KUBE-SV[CL]-\S+) .*?meta random & 2147483647 < (\d+) jump KUBE-SEP-/gm)) {
    const list = out.get(m[1]!) ?? [];
    list.push(BigInt(m[2]!));
    out.set(m[1]!, list);
  }
  return out;
}

/** `10.1.0.1:80` / `[fd00::1]:80` → `10.1.0.1 80` / `fd00::1 80`. */
const normaliseEndpoint = (ep: string): string => ep.replace(/^\[?([^\]]+?)\]?:(\d+)$/, "$1 $2");

/** iptables: `ns/name:port` of a KUBE-SVC/SVL chain → its endpoints (from the `SPN -> EP` comments). */
export function iptablesEndpointSets(rules: readonly RuleLine[], prefix: "KUBE-SVC-" | "KUBE-SVL-"): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of rules) {
    if (r.op !== "-A" || !r.chain.startsWith(prefix) || r.tokens.includes("--rcheck")) continue;
    if (!valueOf(r.tokens, "-j")?.startsWith("KUBE-SEP-")) continue;
    const m = /^(\S+) -> (\S+)$/.exec(r.comments[0] ?? "");
    if (!m) continue;
    const set = out.get(m[1]!) ?? new Set<string>();
    set.add(normaliseEndpoint(m[2]!));
    out.set(m[1]!, set);
  }
  return out;
}

/** nft-kube: `ns/name:port` of a service-/local- chain → the endpoints of its numgen vmap. */
export function nftKubeEndpointSets(text: string, prefix: "service-" | "local-"): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const re = new RegExp(`^add rule ip6? kube-proxy ${prefix}[A-Z0-9]+-([^/\\s]+)/([^/\\s]+)/[a-z]+/(\\S*) numgen random mod \\d+ vmap \\{ (.*) \\}$`, "gm");
  for (const m of text.matchAll(re)) {
    const spn = m[3] === "" ? `${m[1]}/${m[2]}` : `${m[1]}/${m[2]}:${m[3]}`;
    // kube-proxy's nftables mode writes IPv6 colons as dots in chain names (`fd00.10.180..1`).
    const endpoints = [...m[4]!.matchAll(/goto endpoint-\S+?__(\S+)\/(\d+)/g)].map((e) => `${e[1]!.includes("..") || e[1]!.split(".").length > 4 ? e[1]!.replace(/\./g, ":") : e[1]} ${e[2]}`);
    out.set(spn, new Set(endpoints));
  }
  return out;
}

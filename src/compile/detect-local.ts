import type { DetectLocal } from "../model/config.js";
import type { Family, Match } from "../model/ruleset.js";
import { parseCIDR } from "./ip.js";
import { src } from "./rule-parts.js";

// kube-proxy's LocalTrafficDetector: how a packet from a pod on this node is recognised. ClusterCIDR
// and NodeCIDR use the first CIDR of the ruleset's family (masked); none of that family — and the
// default, an empty clusterCIDR — gives the no-op detector, which writes no detector rules at all.

export interface LocalDetector {
  /** Matches pod traffic, e.g. `-s 10.0.0.0/8`; undefined for the no-op detector. */
  readonly ifLocal?: Match;
  /** Matches non-pod traffic, e.g. `! -s 10.0.0.0/8`. */
  readonly ifNotLocal?: Match;
}

function byCIDR(cidrs: readonly string[], family: Family): LocalDetector {
  for (const c of cidrs) {
    const cidr = parseCIDR(c);
    if (cidr !== undefined && cidr.family === family) {
      return { ifLocal: src(cidr.text), ifNotLocal: src(cidr.text, true) };
    }
  }
  return {};
}

export function localDetector(detect: DetectLocal, family: Family): LocalDetector {
  switch (detect.mode) {
    case "None":
      return {};
    case "ClusterCIDR":
    case "NodeCIDR":
      return byCIDR(detect.cidrs, family);
    case "BridgeInterface":
      return {
        ifLocal: { kind: "iif", name: detect.interfaceName },
        ifNotLocal: { kind: "iif", name: detect.interfaceName, negate: true },
      };
    case "InterfaceNamePrefix":
      return {
        ifLocal: { kind: "iif", name: detect.prefix, wildcard: true },
        ifNotLocal: { kind: "iif", name: detect.prefix, wildcard: true, negate: true },
      };
    default: {
      const never: never = detect;
      throw new Error(`unhandled detect-local mode ${JSON.stringify(never)}`);
    }
  }
}

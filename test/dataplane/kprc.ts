import { compile } from "../../src/compile/index.js";
import { compileNftKube } from "../../src/compile/nft-kube/index.js";
import { loadSnapshot } from "../../src/input/load-snapshot.js";
import { defaultProxyConfig, type ProxyConfig } from "../../src/model/config.js";
import type { Ruleset } from "../../src/model/ruleset.js";
import { iptablesText } from "../../src/render/iptables/index.js";
import { nftText } from "../../src/render/nft/index.js";

// kprc used as a library, in-process: snapshot text → Ruleset → the text the kernel gets.

export type Format = "iptables" | "nft" | "nft-kube";

export interface Compiled {
  readonly format: Format;
  readonly ruleset: Ruleset;
  readonly text: string;
}

export function proxyConfig(nodeName: string, nodeIP: string): ProxyConfig {
  return { ...defaultProxyConfig, nodeName, nodeIPs: [nodeIP] };
}

export const FORMATS: readonly Format[] = ["iptables", "nft", "nft-kube"];

export function compileFor(format: Format, snapshotText: string, config: ProxyConfig): Compiled {
  const { snapshot } = loadSnapshot([{ name: "dataplane.yaml", text: snapshotText }]);
  switch (format) {
    case "iptables": {
      const ruleset = compile(snapshot, config);
      return { format, ruleset, text: iptablesText(ruleset) };
    }
    case "nft": {
      const ruleset = compile(snapshot, config);
      return { format, ruleset, text: nftText(ruleset) };
    }
    case "nft-kube": {
      const ruleset = compileNftKube(snapshot, config);
      return { format, ruleset, text: nftText(ruleset) };
    }
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
}

import { compile } from "../../src/compile/index.js";
import { loadSnapshot } from "../../src/input/load-snapshot.js";
import { defaultProxyConfig, type ProxyConfig } from "../../src/model/config.js";
import type { Ruleset } from "../../src/model/ruleset.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { iptablesText } from "../../src/render/iptables/index.js";
import { nftText } from "../../src/render/nft/index.js";

// kprc used as a library, in-process: snapshot text → Ruleset → the text the kernel gets.

export type Format = "iptables" | "nft" | "nft-kube";

export interface Compiled {
  readonly format: Format;
  readonly ruleset: Ruleset;
  readonly text: string;
}

type CompileNftKube = (snapshot: Snapshot, config: ProxyConfig) => Ruleset;

/** The nft-kube compiler, once it exists in the tree (issue 4); the matrix skips the format until then. */
export async function loadNftKube(): Promise<CompileNftKube | undefined> {
  const path = "../../src/compile/nft-kube/index.js";
  try {
    const mod = (await import(/* @vite-ignore */ path)) as { compileNftKube?: CompileNftKube };
    return mod.compileNftKube;
  } catch {
    return undefined;
  }
}

export function proxyConfig(nodeName: string, nodeIP: string): ProxyConfig {
  return { ...defaultProxyConfig, nodeName, nodeIPs: [nodeIP] };
}

export function compileFor(format: Format, snapshotText: string, config: ProxyConfig, nftKube?: CompileNftKube): Compiled {
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
      if (!nftKube) throw new Error("nft-kube compiler not available");
      const ruleset = nftKube(snapshot, config);
      return { format, ruleset, text: nftText(ruleset) };
    }
    default: {
      const never: never = format;
      throw new Error(`unhandled format ${String(never)}`);
    }
  }
}

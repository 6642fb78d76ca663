import { compile } from "../compile/index.js";
import { compileNftKube } from "../compile/nft-kube/index.js";
import type { ProxyConfig } from "../model/config.js";
import type { Ruleset } from "../model/ruleset.js";
import type { Snapshot } from "../model/snapshot.js";
import { iptablesText } from "../render/iptables/index.js";
import { nftText } from "../render/nft/index.js";

// Output formats of `kprc compile --format …`: which compiler builds the Ruleset and which
// renderer prints it. Compile and render are separate steps so other options (a delta against a
// previous snapshot) can sit between them.

export interface RenderSettings {
  /** `short` (`0x4000`, kube-proxy's unit tests) or `padded` (`0x00004000`, a running kube-proxy). */
  readonly markFormat: "short" | "padded";
  /** nft only: prefix for table names, so kprc's tables never share iptables-nft's. */
  readonly tablePrefix?: string;
}

export interface OutputFormat {
  readonly name: string;
  readonly describe: string;
  compile(snapshot: Snapshot, config: ProxyConfig): Ruleset;
  render(ruleset: Ruleset, settings: RenderSettings): string;
}

export const formats: readonly OutputFormat[] = [
  {
    name: "iptables",
    describe: "iptables-restore input, as kube-proxy's iptables mode writes it (ip6tables-restore with --family ipv6)",
    compile,
    render: (ruleset, s) => iptablesText(ruleset, { markFormat: s.markFormat }),
  },
  {
    name: "nft",
    describe: "the same KUBE-* chains as nft -f input (tables ip nat / ip filter)",
    compile,
    render: (ruleset, s) => nftText(ruleset, { markFormat: s.markFormat, ...(s.tablePrefix !== undefined ? { tablePrefix: s.tablePrefix } : {}) }),
  },
  {
    name: "nft-kube",
    describe: "kube-proxy's nftables-mode layout (table ip kube-proxy / ip6 kube-proxy) as nft -f input",
    compile: compileNftKube,
    render: (ruleset, s) => nftText(ruleset, { markFormat: s.markFormat, ...(s.tablePrefix !== undefined ? { tablePrefix: s.tablePrefix } : {}) }),
  },
];

export const formatNames: readonly string[] = formats.map((f) => f.name);

export function findFormat(name: string): OutputFormat | undefined {
  return formats.find((f) => f.name === name);
}

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Format } from "./kprc.js";
import { compareReadbacks, parseIptablesSave, parseNftJson, parseNftScript, type NftFamily } from "./kernel-rules.js";
import type { Host } from "./topology.js";
import { must } from "./topology.js";

// Every reviewed golden file (golden/<case>.<format>) loaded into the node's kernel and listed back:
// the rules kprc's users would load are accepted by a real kernel and held as written.

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const GOLDEN_DIR = "/tmp/kprc-golden";

export interface GoldenFile {
  readonly name: string;
  readonly format: Format;
  readonly family: NftFamily;
  readonly text: string;
}

function formatOf(file: string): Format | undefined {
  if (file.endsWith(".iptables")) return "iptables";
  if (file.endsWith(".nft-kube")) return "nft-kube";
  if (file.endsWith(".nft")) return "nft";
  return undefined;
}

/** The fixture's `.args` say `--family=ipv6` for IPv6 cases (fixtures/README convention). */
function familyOf(caseName: string): NftFamily {
  const args = join(root, "fixtures", `${caseName}.args`);
  return existsSync(args) && /--family[= ]ipv6\b/.test(readFileSync(args, "utf8")) ? "ip6" : "ip";
}

export function goldenFiles(): GoldenFile[] {
  const dir = join(root, "golden");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const format = formatOf(name);
      if (!format) return [];
      const caseName = name.slice(0, name.lastIndexOf("."));
      return [{ name, format, family: familyOf(caseName), text: readFileSync(join(dir, name), "utf8") }];
    });
}

/** kube-proxy's `-m nfacct` matches need the accounting objects to exist (kube-proxy creates them). */
function nfacctNames(text: string): string[] {
  return [...new Set([...text.matchAll(/--nfacct-name (\S+)/g)].map((m) => m[1]!))];
}

/** Copies all golden files into the node in one archive (one Docker call instead of one per file). */
export async function copyGoldens(node: Host, goldens: readonly GoldenFile[]): Promise<void> {
  await node.container.copyContentToContainer(goldens.map((g) => ({ content: g.text, target: `${GOLDEN_DIR}/${g.name}` })));
}

/**
 * Loads one golden file (copied by copyGoldens) into a freshly emptied node, lists the kernel's rules
 * in the same exec, and returns the differences from what the file declares.
 */
export async function loadGolden(node: Host, golden: GoldenFile): Promise<string[]> {
  const file = `${GOLDEN_DIR}/${golden.name}`;
  const v6 = golden.family === "ip6" ? "6" : "";
  const apply = golden.format === "iptables" ? `ip${v6}tables-restore < ${file}` : `nft -f ${file}`;
  const list = golden.format === "iptables" ? `ip${v6}tables-save` : "nft -j list ruleset";
  const accounting = nfacctNames(golden.text).map((n) => `(nfacct add ${n} >/dev/null 2>&1 || true)`);
  const listing = await must(node, ["sh", "-c", ["nft flush ruleset", ...accounting, apply, list].join(" && ")]);
  const expected = golden.format === "iptables" ? parseIptablesSave(golden.text, golden.family) : parseNftScript(golden.text);
  const kernel = golden.format === "iptables" ? parseIptablesSave(listing, golden.family) : parseNftJson(listing);
  return compareReadbacks(expected, kernel);
}

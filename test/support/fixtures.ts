import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The fixture corpus: fixtures/<case>.yaml (kubectl-style snapshot) + optional fixtures/<case>.args
// (extra `kprc compile` flags, one per line, `#` lines ignored) → golden/<case>.<format>.

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const fixturesDir = join(repoRoot, "fixtures");
export const goldenDir = join(repoRoot, "golden");

export type GoldenFormat = "iptables" | "nft" | "nft-kube";
export const goldenFormats: readonly GoldenFormat[] = ["iptables", "nft", "nft-kube"];

/** Every fixture case, sorted; subdirectories (fixtures/node-dumps) are not cases. */
export function fixtureNames(): string[] {
  return readdirSync(fixturesDir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".yaml"))
    .map((e) => e.name.slice(0, -".yaml".length))
    .sort();
}

export function fixturePath(name: string): string {
  return join(fixturesDir, `${name}.yaml`);
}

export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

/** The extra flags of a case (none when it has no .args file). */
export function fixtureArgs(name: string): string[] {
  const path = join(fixturesDir, `${name}.args`);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** The address family a case is compiled for (`--family=ipv6` in its .args), which picks ip6tables. */
export function fixtureFamily(name: string): "ipv4" | "ipv6" {
  const args = fixtureArgs(name);
  const i = args.findIndex((a) => a === "--family" || a.startsWith("--family="));
  if (i < 0) return "ipv4";
  const value = args[i]?.includes("=") ? args[i]?.split("=")[1] : args[i + 1];
  return value === "ipv6" ? "ipv6" : "ipv4";
}

export function goldenPath(name: string, format: GoldenFormat): string {
  return join(goldenDir, `${name}.${format}`);
}

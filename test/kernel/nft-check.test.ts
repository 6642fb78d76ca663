import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixtureNames, goldenPath, type GoldenFormat } from "../support/fixtures.js";
import { kernelAvailability, requireKernelInCi, withNetns } from "../support/netns.js";

// Every nft golden file must be something the kernel takes: `nft -c -f` (check only), then a real
// `nft -f`, then the same file again — kube-proxy reloads its rules on every sync, so a second load
// on top of the first must succeed too. Each file gets its own throw-away network namespace.

const availability = kernelAvailability(["ip", "nft"]);
requireKernelInCi(availability);

const NFT_FORMATS: readonly GoldenFormat[] = ["nft", "nft-kube"];
const cases = fixtureNames().flatMap((name) => NFT_FORMATS.map((format) => ({ name, format, path: goldenPath(name, format) })));

describe("nft golden files", () => {
  it("exist for every fixture, in both nft formats", () => {
    const missing = cases.filter((c) => !existsSync(c.path)).map((c) => `${c.name}.${c.format}`);
    expect(missing).toEqual([]);
  });
});

describe.skipIf(!availability.ok)(`nft golden files in a real kernel${availability.ok ? "" : ` (skipped: ${availability.reason})`}`, () => {
  const present = cases.filter((c) => existsSync(c.path));
  it.each(present.map((c) => [`${c.name}.${c.format}`, c.path] as const))("%s passes nft -c -f and loads twice", async (_label, path) => {
    const text = readFileSync(path, "utf8");
    await withNetns("kn", (ns) => {
      ns.check("nft", ["-c", "-f", "-"], text);
      ns.check("nft", ["-f", "-"], text);
      ns.check("nft", ["-f", "-"], text);
    });
  });
});

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixtureFamily, fixtureNames, goldenPath } from "./support/fixtures.js";
import { kernelAvailability } from "./support/netns.js";
import { compareChains, declaredChains, Explained, readNft, type Difference } from "./unit/nft/translate-compare.js";

// The meaning of `--format nft` must equal what the distribution's iptables-restore-translate makes
// of our `--format iptables` output: same chains, same rules in the same order, same matches,
// probabilities and targets. Differences of a known class are explained (and counted); any other
// difference fails the test. The translator needs no root, only the iptables package.

const availability = kernelAvailability(["iptables-restore-translate", "ip6tables-restore-translate"]);
const tools = availability.ok || availability.reason?.startsWith("not running as root") ? { ok: true } : availability;
if (!tools.ok && process.env.CI) throw new Error(`nft translation checks cannot run in CI: ${availability.reason}`);

const cases = fixtureNames().filter((n) => existsSync(goldenPath(n, "iptables")) && existsSync(goldenPath(n, "nft")));
const explainedCounts = new Map<string, number>();

function translate(name: string): string {
  const tool = fixtureFamily(name) === "ipv6" ? "ip6tables-restore-translate" : "iptables-restore-translate";
  const r = spawnSync(tool, ["-f", goldenPath(name, "iptables")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${tool} failed on ${name}: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!tools.ok)("--format nft against iptables-restore-translate of --format iptables", () => {
  it("has golden files to compare", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)("%s: same chains, and every rule has the same meaning or a known explained difference", (name) => {
    const ours = readFileSync(goldenPath(name, "nft"), "utf8");
    const theirs = translate(name);
    expect(declaredChains(ours)).toEqual(declaredChains(theirs));
    const differences = compareChains(readNft(ours), readNft(theirs));
    for (const d of differences) if (d.explained) explainedCounts.set(d.explained, (explainedCounts.get(d.explained) ?? 0) + 1);
    const unexplained = differences.filter((d: Difference) => d.explained === undefined);
    expect(unexplained, unexplained.map((d) => `${d.where}\n  ours:   ${d.ours}\n  theirs: ${d.theirs}`).join("\n")).toEqual([]);
  });

  it("explains its differences in a few known classes only", () => {
    // Printed so a reviewer sees what was explained away and how often.
    console.log([...explainedCounts].map(([k, n]) => `${n} × ${k}`).join("\n"));
    expect(Object.values(Explained)).toEqual(expect.arrayContaining([...explainedCounts.keys()]));
  });
});

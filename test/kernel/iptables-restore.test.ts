import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixtureFamily, fixtureNames, goldenPath } from "../support/fixtures.js";
import { kernelAvailability, requireKernelInCi, withNetns, type Netns } from "../support/netns.js";

// The independent check on every golden iptables file: the kernel's own parser accepts it
// (`iptables-restore --test`, `ip6tables-restore --test` for IPv6 cases), it loads into an empty
// network namespace, and `iptables-save` gives back every chain with as many rules as we wrote.
// nfacct objects are per network namespace, so the counters a file names are created inside it first.

const tools = ["ip", "iptables-restore", "ip6tables-restore", "iptables-save", "ip6tables-save", "nfacct"];
const availability = kernelAvailability(tools);
requireKernelInCi(availability);

// The legacy (x_tables) backend parses differently from iptables-nft; nodes still run both. Optional:
// skipped with its reason where the legacy binaries are not installed.
const legacy = kernelAvailability(["ip", "iptables-legacy-restore", "ip6tables-legacy-restore", "nfacct"]);

const cases = fixtureNames().filter((name) => existsSync(goldenPath(name, "iptables")));

interface ChainCounts {
  readonly declared: ReadonlySet<string>;
  readonly rules: ReadonlyMap<string, number>;
}

/** Declared chains and rules per `table/chain` of a restore payload or an iptables-save dump. */
function chainCounts(text: string): ChainCounts {
  const declared = new Set<string>();
  const rules = new Map<string, number>();
  let table = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("*")) table = line.slice(1);
    else if (line.startsWith(":")) declared.add(`${table}/${line.slice(1).split(" ")[0]}`);
    else if (line.startsWith("-A ")) {
      const key = `${table}/${line.split(" ")[1]}`;
      rules.set(key, (rules.get(key) ?? 0) + 1);
    }
  }
  return { declared, rules };
}

function nfacctNames(text: string): string[] {
  return [...new Set([...text.matchAll(/--nfacct-name (\S+)/g)].map((m) => m[1] ?? ""))].sort();
}

function restoreTools(name: string): { restore: string; save: string } {
  return fixtureFamily(name) === "ipv6"
    ? { restore: "ip6tables-restore", save: "ip6tables-save" }
    : { restore: "iptables-restore", save: "iptables-save" };
}

function prepareCounters(ns: Netns, text: string): void {
  for (const counter of nfacctNames(text)) ns.check("nfacct", ["add", counter]);
}

describe.skipIf(!availability.ok)(`golden iptables files in the kernel${availability.ok ? "" : ` (skipped: ${availability.reason})`}`, () => {
  it("has golden iptables files to check", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const name of cases) {
    it(`golden/${name}.iptables is accepted by ${restoreTools(name).restore} --test`, async () => {
      const text = readFileSync(goldenPath(name, "iptables"), "utf8");
      const { restore } = restoreTools(name);
      await withNetns("kf", (ns) => {
        prepareCounters(ns, text);
        const result = ns.run(restore, ["--test"], text);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
      });
    });

    it.skipIf(!legacy.ok)(`golden/${name}.iptables is accepted by the legacy backend too${legacy.ok ? "" : ` (skipped: ${legacy.reason})`}`, async () => {
      const text = readFileSync(goldenPath(name, "iptables"), "utf8");
      const restore = fixtureFamily(name) === "ipv6" ? "ip6tables-legacy-restore" : "iptables-legacy-restore";
      await withNetns("kf", (ns) => {
        prepareCounters(ns, text);
        const result = ns.run(restore, ["--test"], text);
        expect(result.stderr).toBe("");
        expect(result.status).toBe(0);
      });
    });

    it(`golden/${name}.iptables loads and reads back with every KUBE chain and rule`, async () => {
      const text = readFileSync(goldenPath(name, "iptables"), "utf8");
      const { restore, save } = restoreTools(name);
      await withNetns("kf", (ns) => {
        prepareCounters(ns, text);
        ns.check(restore, [], text);
        const dump = ns.check(save, []);
        const written = chainCounts(text);
        const readBack = chainCounts(dump);
        const missing = [...written.declared].filter((c) => !readBack.declared.has(c));
        expect(missing, "chains declared in the golden file but absent after loading").toEqual([]);
        const countsOf = (c: ChainCounts): Record<string, number> =>
          Object.fromEntries([...written.declared].map((chain) => [chain, c.rules.get(chain) ?? 0]));
        expect(countsOf(readBack)).toEqual(countsOf(written));
      });
    });
  }
});

// Seed 004 (a kind cluster's `iptables -t nat -L -n | grep "nginx-service:http ->"` on
// service-demo-worker) shows the real kube-proxy cascade for dev/nginx-service; the kernel's listing
// of our golden must end with exactly those texts, in that order.
const seedListing = [
  "/* dev/nginx-service:http -> 10.244.1.2:80 */ statistic mode random probability 0.16666666651",
  "/* dev/nginx-service:http -> 10.244.1.3:80 */ statistic mode random probability 0.20000000019",
  "/* dev/nginx-service:http -> 10.244.1.4:80 */ statistic mode random probability 0.25000000000",
  "/* dev/nginx-service:http -> 10.244.2.2:80 */ statistic mode random probability 0.33333333349",
  "/* dev/nginx-service:http -> 10.244.2.3:80 */ statistic mode random probability 0.50000000000",
  "/* dev/nginx-service:http -> 10.244.2.4:80 */",
];

describe.skipIf(!availability.ok || !existsSync(goldenPath("seed-nginx", "iptables")))("the seed's kube-proxy listing", () => {
  it("golden/seed-nginx.iptables, loaded and listed with iptables -L, shows the seed's cascade line for line", async () => {
    const text = readFileSync(goldenPath("seed-nginx", "iptables"), "utf8");
    await withNetns("kf", (ns) => {
      ns.check("iptables-restore", [], text);
      const lines = ns
        .check("iptables", ["-t", "nat", "-L", "-n"])
        .split("\n")
        .filter((l) => l.includes("nginx-service:http ->"))
        .map((l) => l.trimEnd());
      const tails = lines.map((line, i) => line.slice(Math.max(0, line.length - (seedListing[i]?.length ?? 0))));
      expect(tails).toEqual(seedListing);
    });
  });
});

describe.runIf(!availability.ok)("golden iptables files in the kernel", () => {
  it.skip(`cannot run here: ${availability.reason ?? ""}`, () => {});
});

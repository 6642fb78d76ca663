import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { goldenPath } from "../support/fixtures.js";
import { kernelAvailability, requireKernelInCi, withNetns, type Netns } from "../support/netns.js";

// The `-m recent` → dynamic-set translation of `--format nft` (and kube-proxy's own affinity sets
// in `--format nft-kube`), exercised by real packets: in a namespace, connections from the node
// itself to shop/login's ClusterIP (3 endpoints, ClientIP affinity) go through nat OUTPUT. Every
// DNAT to an endpoint records the client in that endpoint's set, so the sets show where each
// connection went: with affinity working, only one set ever holds the client; emptying the sets
// between connections (the control) lets the random choice spread them.

const availability = kernelAvailability(["ip", "nft", "bash", "timeout"]);
requireKernelInCi(availability);

const CLUSTER_IP = "10.96.94.1";
const CLIENT = "10.99.0.1";
const CONNECTIONS = 12;

type Format = "nft" | "nft-kube";
const golden = (format: Format) => readFileSync(goldenPath("session-affinity", format), "utf8");

/** Dynamic sets (affinity) as [table, name]: recent lists in `ip nat`, `affinity-*` in `ip kube-proxy`. */
const affinitySets = (text: string): [string, string][] => [...text.matchAll(/^add set ip (\S+) (\S+) \{[^}]*flags dynamic/gm)].map((m) => [m[1]!, m[2]!]);

function prepare(ns: Netns, text: string): void {
  ns.check("ip", ["link", "set", "lo", "up"]);
  ns.check("ip", ["addr", "add", `${CLIENT}/32`, "dev", "lo"]);
  // Routes so the SYNs leave (and go unanswered): only the DNAT decision matters here.
  ns.check("ip", ["route", "add", "10.96.0.0/16", "dev", "lo", "src", CLIENT]);
  ns.check("ip", ["route", "add", "10.244.0.0/16", "dev", "lo", "src", CLIENT]);
  ns.check("nft", ["-f", "-"], text);
}

function connect(ns: Netns): void {
  ns.run("timeout", ["0.15", "bash", "-c", `echo > /dev/tcp/${CLUSTER_IP}/80`]);
}

/** The affinity sets that hold the client now, i.e. the endpoints its connections were sent to. */
function holders(ns: Netns, sets: readonly [string, string][]): string[] {
  return sets.filter(([table, name]) => ns.check("nft", ["list", "set", "ip", table, name]).includes(CLIENT)).map(([, name]) => name);
}

describe.skipIf(!availability.ok).each(["nft", "nft-kube"] as const)(`session affinity as nft dynamic sets, --format %s${availability.ok ? "" : ` (skipped: ${availability.reason})`}`, (format) => {
  it("sends every new connection of a client to the endpoint its first one chose", async () => {
    await withNetns("kn", (ns) => {
      const text = golden(format);
      const sets = affinitySets(text);
      prepare(ns, text);
      for (let i = 0; i < CONNECTIONS; i++) connect(ns);
      const chosen = holders(ns, sets);
      expect(chosen).toHaveLength(1);
      // The element carries the Service's timeout (10m for shop/login), as `--seconds 600` would.
      expect(ns.check("nft", ["list", "set", "ip", sets[0]![0], chosen[0]!])).toMatch(new RegExp(`elements = \\{ ${CLIENT.replace(/\./g, "\\.")} (timeout \\S+ )?expires`));
    });
  });

  it("spreads connections again once the affinity sets are emptied (the control)", async () => {
    await withNetns("kn", (ns) => {
      const text = golden(format);
      const sets = affinitySets(text);
      expect(sets.length).toBeGreaterThan(1);
      prepare(ns, text);
      const chosen: string[] = [];
      for (let i = 0; i < CONNECTIONS; i++) {
        for (const [table, name] of sets) ns.check("nft", ["flush", "set", "ip", table, name]);
        connect(ns);
        chosen.push(...holders(ns, sets));
      }
      expect(chosen).toHaveLength(CONNECTIONS);
      // Three endpoints, twelve independent draws: all equal with probability 3 × 3^-12 ≈ 6e-6.
      expect(new Set(chosen).size).toBeGreaterThan(1);
    });
  });
});

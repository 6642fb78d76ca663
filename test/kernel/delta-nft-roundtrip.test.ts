import { describe, expect, it } from "vitest";
import { compileDelta } from "../../src/compile/delta.js";
import { compile } from "../../src/compile/index.js";
import { compileNftKube } from "../../src/compile/nft-kube/index.js";
import type { ProxyConfig } from "../../src/model/config.js";
import type { Ruleset } from "../../src/model/ruleset.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { nftText } from "../../src/render/nft/index.js";
import { kernelAvailability, requireKernelInCi, withNetns } from "../support/netns.js";
import { deltaConfig, deltaScenarios } from "../unit/delta/scenarios.js";
import { normaliseNftList } from "./delta-nft-normalise.js";

// The partial-sync promise for `--format nft` and `--format nft-kube`: full(previous) then the
// delta with `nft -f` in one network namespace, full(next) in another, and `nft list ruleset` must
// agree.

const availability = kernelAvailability(["ip", "nft"]);
requireKernelInCi(availability);

const layouts: readonly { name: string; compiler: (s: Snapshot, c: ProxyConfig) => Ruleset }[] = [
  { name: "--format nft", compiler: compile },
  { name: "--format nft-kube", compiler: compileNftKube },
];

for (const layout of layouts) {
  describe.skipIf(!availability.ok)(`nft -f delta round trip, ${layout.name} (${availability.reason ?? "root, in network namespaces"})`, () => {
    for (const scenario of deltaScenarios) {
      it(`gives the same kernel ruleset as a full load when ${scenario.name}`, async () => {
        const previous = nftText(layout.compiler(scenario.previous, deltaConfig));
        const delta = nftText(compileDelta(scenario.previous, scenario.next, deltaConfig, { compiler: layout.compiler }));
        const next = nftText(layout.compiler(scenario.next, deltaConfig));
        const viaDelta = await withNetns("kd", (ns) => {
          ns.check("nft", ["-f", "-"], previous);
          ns.check("nft", ["-f", "-"], delta);
          return ns.check("nft", ["list", "ruleset"]);
        });
        const viaFull = await withNetns("kd", (ns) => {
          ns.check("nft", ["-f", "-"], next);
          return ns.check("nft", ["list", "ruleset"]);
        });
        expect(normaliseNftList(viaDelta)).toBe(normaliseNftList(viaFull));
      });
    }
  });
}

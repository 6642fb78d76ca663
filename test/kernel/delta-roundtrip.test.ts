import { describe, expect, it } from "vitest";
import { compileDelta } from "../../src/compile/delta.js";
import { compile } from "../../src/compile/index.js";
import { iptablesText } from "../../src/render/iptables/index.js";
import { kernelAvailability, requireKernelInCi, withNetns } from "../support/netns.js";
import { deltaConfig, deltaScenarios } from "../unit/delta/scenarios.js";

// The partial-sync promise, checked against the kernel: in one network namespace load
// full(previous) and then the delta with `iptables-restore --noflush`; in another load full(next);
// `iptables-save` must then print the same rules (chains by name, rules in order, counters zeroed).

const availability = kernelAvailability(["ip", "iptables-restore", "iptables-save"]);
requireKernelInCi(availability);

/** iptables-save output as table → sorted chain declarations and per-chain rules, comments and counters dropped. */
function normaliseIptablesSave(text: string): string {
  const tables: string[] = [];
  let declarations: string[] = [];
  let rules = new Map<string, string[]>();
  let table = "";
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("*")) {
      table = line;
      declarations = [];
      rules = new Map();
    } else if (line.startsWith(":")) {
      declarations.push(line.replace(/ \[\d+:\d+\]$/, ""));
    } else if (line.startsWith("-A ")) {
      const chain = line.split(" ")[1]!;
      rules.set(chain, [...(rules.get(chain) ?? []), line]);
    } else if (line === "COMMIT") {
      const body = [...rules.keys()].sort().flatMap((c) => rules.get(c)!);
      tables.push([table, ...declarations.sort(), ...body, "COMMIT"].join("\n"));
    }
  }
  return tables.sort().join("\n");
}

describe.skipIf(!availability.ok)(`iptables-restore --noflush round trip (${availability.reason ?? "root, in network namespaces"})`, () => {
  for (const scenario of deltaScenarios) {
    it(`gives the same kernel rules as a full load when ${scenario.name}`, async () => {
      const previous = iptablesText(compile(scenario.previous, deltaConfig));
      const delta = iptablesText(compileDelta(scenario.previous, scenario.next, deltaConfig));
      const next = iptablesText(compile(scenario.next, deltaConfig));
      const viaDelta = await withNetns("kd", (ns) => {
        ns.check("iptables-restore", [], previous);
        ns.check("iptables-restore", ["--noflush"], delta);
        return ns.check("iptables-save", []);
      });
      const viaFull = await withNetns("kd", (ns) => {
        ns.check("iptables-restore", [], next);
        return ns.check("iptables-save", []);
      });
      expect(normaliseIptablesSave(viaDelta)).toBe(normaliseIptablesSave(viaFull));
    });
  }

  it("actually changes the kernel's rules (the check is not vacuous)", async () => {
    const scenario = deltaScenarios.find((s) => s.name === "a service is deleted")!;
    const [previous, next] = await Promise.all(
      [scenario.previous, scenario.next].map((snapshot) =>
        withNetns("kd", (ns) => {
          ns.check("iptables-restore", [], iptablesText(compile(snapshot, deltaConfig)));
          return normaliseIptablesSave(ns.check("iptables-save", []));
        }),
      ),
    );
    expect(previous).not.toBe(next);
  });
});

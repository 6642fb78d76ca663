import { describe, expect, it } from "vitest";
import { compileDelta } from "../../../src/compile/delta.js";
import { compile } from "../../../src/compile/index.js";
import { compileNftKube } from "../../../src/compile/nft-kube/index.js";
import { applyDelta, canonical } from "./apply-delta.js";
import { baseSnapshot, deltaConfig, deltaScenarios } from "./scenarios.js";

const chainNames = (tables: readonly { chains: readonly { name: string }[] }[]) => tables.flatMap((t) => t.chains.map((c) => c.name));

describe("compileDelta (iptables layout)", () => {
  for (const scenario of deltaScenarios) {
    it(`leaves full(next) loaded after full(previous) + delta when ${scenario.name}`, () => {
      const delta = compileDelta(scenario.previous, scenario.next, deltaConfig);
      const applied = applyDelta(compile(scenario.previous, deltaConfig), delta);
      expect(canonical(applied)).toEqual(canonical(compile(scenario.next, deltaConfig)));
    });
  }

  it("writes nothing when nothing changed", () => {
    expect(compileDelta(baseSnapshot, baseSnapshot, deltaConfig).tables).toEqual([]);
  });

  it("rewrites only the service chain and the new endpoint chain when an endpoint is added", () => {
    const s = deltaScenarios.find((x) => x.name === "an endpoint is added")!;
    const names = chainNames(compileDelta(s.previous, s.next, deltaConfig).tables);
    expect(names).toHaveLength(2);
    expect(names.filter((n) => n.startsWith("KUBE-SVC-"))).toHaveLength(1);
    expect(names.filter((n) => n.startsWith("KUBE-SEP-"))).toHaveLength(1);
  });

  it("deletes the chains of a deleted service and rewrites the chains that jumped to them", () => {
    const s = deltaScenarios.find((x) => x.name === "a service is deleted")!;
    const delta = compileDelta(s.previous, s.next, deltaConfig);
    const nat = delta.tables.find((t) => t.name === "nat")!;
    // ns1/api: 1 SVC + 1 EXT + 3 SEP chains.
    expect(nat.deletedChains).toHaveLength(5);
    expect(nat.chains.map((c) => c.name)).toEqual(expect.arrayContaining(["KUBE-SERVICES", "KUBE-NODEPORTS"]));
  });

  it("never touches the built-in chains, whose jumps depend on the settings only", () => {
    for (const s of deltaScenarios) {
      const delta = compileDelta(s.previous, s.next, deltaConfig);
      expect(delta.tables.flatMap((t) => t.chains.filter((c) => c.builtin))).toEqual([]);
    }
  });

  it("marks the result as a partial payload", () => {
    expect(compileDelta(baseSnapshot, baseSnapshot, deltaConfig).partial).toBe(true);
  });
});

describe("compileDelta (nft-kube layout)", () => {
  const options = { compiler: compileNftKube };

  for (const scenario of deltaScenarios) {
    it(`leaves full(next) loaded after full(previous) + delta when ${scenario.name}`, () => {
      const delta = compileDelta(scenario.previous, scenario.next, deltaConfig, options);
      const applied = applyDelta(compileNftKube(scenario.previous, deltaConfig), delta);
      expect(canonical(applied)).toEqual(canonical(compileNftKube(scenario.next, deltaConfig)));
    });
  }

  it("touches only map elements, not chains, when a service without endpoints is added", () => {
    const s = deltaScenarios.find((x) => x.name === "a service is added")!;
    const previous = { ...s.next, endpointSlices: s.previous.endpointSlices };
    const table = compileDelta(s.previous, previous, deltaConfig, options).tables[0]!;
    expect(table.chains).toEqual([]);
    expect(table.sets?.map((set) => set.name)).toEqual(expect.arrayContaining(["cluster-ips", "no-endpoint-services"]));
  });

  it("deletes the map elements of a deleted service", () => {
    const s = deltaScenarios.find((x) => x.name === "a service is deleted")!;
    const table = compileDelta(s.previous, s.next, deltaConfig, options).tables[0]!;
    const deleted = (table.sets ?? []).flatMap((set) => (set.deletedElements ?? []).map(() => set.name));
    expect(deleted).toEqual(expect.arrayContaining(["cluster-ips", "service-ips", "service-nodeports"]));
    expect(table.deletedChains?.length).toBeGreaterThan(0);
  });
});

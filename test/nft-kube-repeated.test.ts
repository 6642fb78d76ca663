import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileDelta } from "../src/compile/delta.js";
import { compileNftKube } from "../src/compile/nft-kube/index.js";
import type { Service, EndpointSlice } from "../src/model/snapshot.js";
import { nftText } from "../src/render/nft/index.js";
import { endpoint, nftFakeProxierConfig, port, service, slice, snapshot } from "./kube-proxy/builders.js";
import { dumpLines, sortNFTablesTransaction } from "./unit/nft/kube-proxy-canonical.js";

// TestSyncProxyRulesRepeated (kubernetes pkg/proxy/nftables/proxier_test.go): the states the test
// dumps after each sync, as far as they hold no stale chain (kube-proxy keeps a flushed chain for
// ≥1 s before deleting it; kprc is stateless and has none). Expected texts are the test's
// `baseRules + …` dumps. The partial syncs between states come from compileDelta.

const config = nftFakeProxierConfig();

const expected = (...files: string[]) =>
  sortNFTablesTransaction(files.map((f) => (f.startsWith("add ") ? f : readFileSync(new URL(`./unit/nft/kube-proxy-expected/${f}`, import.meta.url), "utf8"))).join("\n"));

/** Service nsN/svcN on 172.30.0.4N:port, and its slice when it has endpoints. */
function svc(n: number, svcPort: number, endpoints?: string[]): { service: Service; slice?: EndpointSlice } {
  const name = `p${svcPort}`;
  return {
    service: service(`ns${n}`, `svc${n}`, { clusterIPs: [`172.30.0.4${n}`], ports: [port(name, svcPort)] }),
    ...(endpoints ? { slice: slice(`ns${n}`, `svc${n}`, 1, [{ name, port: svcPort }], endpoints.map((ip) => endpoint(ip))) } : {}),
  };
}

const state = (...parts: { service: Service; slice?: EndpointSlice }[]) =>
  snapshot(
    parts.map((p) => p.service),
    parts.flatMap((p) => (p.slice ? [p.slice] : [])),
  );
const dump = (s: ReturnType<typeof state>) => sortNFTablesTransaction(dumpLines(nftText(compileNftKube(s, config))));

const svc1 = svc(1, 80, ["10.0.1.1"]);
const svc2 = svc(2, 8080, ["10.0.2.1"]);
const svc3 = svc(3, 80, ["10.0.3.1"]);
const svc4NoEndpoints = svc(4, 80);
const svc4 = svc(4, 80, ["10.0.4.1"]);
const svc3TwoEndpoints = svc(3, 80, ["10.0.3.2", "10.0.3.3"]);

/** The non-declaration operations of a partial sync (declarations are idempotent `add table/set/map`). */
function operations(previous: ReturnType<typeof state>, next: ReturnType<typeof state>): string[] {
  return nftText(compileDelta(previous, next, config, { compiler: compileNftKube }))
    .trimEnd()
    .split("\n")
    .filter((l) => !/^add (table|set|map) /.test(l));
}

describe("kube-proxy nftables mode: baseRules", () => {
  it("is the whole table of a node with no services", () => {
    expect(dump(state())).toBe(expected("base-rules.nft"));
  });
});

describe("kube-proxy nftables mode: TestSyncProxyRulesRepeated", () => {
  it("reproduces the first full sync", () => {
    expect(dump(state(svc1, svc2))).toBe(expected("base-rules.nft", "sync-repeated-1.nft"));
  });

  it("reproduces the state after a service and its endpoints are added", () => {
    expect(dump(state(svc1, svc2, svc3))).toBe(expected("base-rules.nft", "sync-repeated-1.nft", "sync-repeated-2-added.nft"));
  });

  it("reproduces the state once a deleted service's chains are gone", () => {
    expect(dump(state(svc1, svc3))).toBe(expected("base-rules.nft", "sync-repeated-svc1.nft", "sync-repeated-2-added.nft"));
  });

  it("reproduces a service without endpoints, and then with them", () => {
    const noEndpoints = [
      "add element ip kube-proxy cluster-ips { 172.30.0.44 }",
      'add element ip kube-proxy no-endpoint-services { 172.30.0.44 . tcp . 80 comment "ns4/svc4:p80" : goto reject-chain }',
    ].join("\n");
    expect(dump(state(svc1, svc3, svc4NoEndpoints))).toBe(expected("base-rules.nft", "sync-repeated-svc1.nft", "sync-repeated-2-added.nft", noEndpoints));
    expect(dump(state(svc1, svc3, svc4))).toBe(expected("base-rules.nft", "sync-repeated-svc1.nft", "sync-repeated-2-added.nft", "sync-repeated-svc4.nft"));
  });

  it("reproduces a service whose endpoint changed and then grew to two", () => {
    expect(dump(state(svc1, svc3TwoEndpoints, svc4))).toBe(expected("base-rules.nft", "sync-repeated-svc1.nft", "sync-repeated-svc3-two-endpoints.nft", "sync-repeated-svc4.nft"));
  });

  it("writes kube-proxy's operation counts for the partial syncs it can match", () => {
    // Added service with endpoints: 2 elements + 2 chains × (add + flush + 2 rules) = 10.
    expect(operations(state(svc1, svc2), state(svc1, svc2, svc3))).toHaveLength(10);
    // A service without endpoints appears: cluster-ips + no-endpoint-services = 2.
    expect(operations(state(svc1, svc3), state(svc1, svc3, svc4NoEndpoints))).toHaveLength(2);
    // Its endpoints appear: delete + add of the element, 2 chains × 4 = 10.
    expect(operations(state(svc1, svc3, svc4NoEndpoints), state(svc1, svc3, svc4))).toHaveLength(10);
  });
});

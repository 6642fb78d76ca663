import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileNftKube } from "../src/compile/nft-kube/index.js";
import { loadSnapshot } from "../src/input/load-snapshot.js";
import { nftText } from "../src/render/nft/index.js";
import { nftFakeProxierConfig } from "./kube-proxy/builders.js";
import { fixtureText } from "./support/fixtures.js";
import { dumpLines, sortNFTablesTransaction } from "./unit/nft/kube-proxy-canonical.js";

// TestOverallNFTablesRules (kubernetes pkg/proxy/nftables/proxier_test.go): the same six services as
// the iptables overall test (fixtures/kp-overall.yaml), compiled with NewFakeProxier's nftables
// settings. The expected text is the test's, in its canonical order (spec appendix A).

/** NewFakeProxier for nftables (IPv4): node test-node/192.168.0.2, pod CIDR 10.0.0.0/8, ServiceCIDR 172.30.0.0/16, nodePortAddresses 192.168.0.2/32. */
const fakeProxierConfig = nftFakeProxierConfig({ serviceCIDRs: ["172.30.0.0/16", "fd00:10:96::/112"] });

function fixture(name: string) {
  return loadSnapshot([{ name: `${name}.yaml`, text: fixtureText(name) }]).snapshot;
}

describe("kube-proxy nftables mode: TestOverallNFTablesRules", () => {
  const ours = nftText(compileNftKube(fixture("kp-overall"), fakeProxierConfig));
  const expected = readFileSync(new URL("./unit/nft/kube-proxy-expected/overall.nft", import.meta.url), "utf8");

  it("produces kube-proxy's expected ruleset line for line, after its canonical sort", () => {
    expect(sortNFTablesTransaction(dumpLines(ours))).toBe(sortNFTablesTransaction(expected));
  });

  it("is already in kube-proxy's Fake.Dump() order apart from the flush lines", () => {
    const dump = dumpLines(ours).split("\n").filter((l) => l !== "");
    const chains = dump.filter((l) => l.startsWith("add chain ")).map((l) => l.split(" ")[4]!);
    expect(chains).toEqual([...chains].sort());
    expect(dump[0]).toBe('add table ip kube-proxy { comment "rules for kube-proxy" ; }');
  });
});

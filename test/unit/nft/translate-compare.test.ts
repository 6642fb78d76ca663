import { describe, expect, it } from "vitest";
import { compareChains, Explained, readNft } from "./translate-compare.js";

// The comparison behind test/nft-translate.test.ts must be able to fail.

const ours = "add rule ip nat KUBE-SVC-A meta random & 2147483647 < 715827883 jump KUBE-SEP-A comment \"x\"\nadd rule ip nat KUBE-SEP-A meta l4proto tcp dnat to 10.0.0.1:80\n";

describe("translate comparison", () => {
  it("accepts the translator's spelling: counters, match order, no l4proto before dnat", () => {
    const theirs = "add rule ip nat KUBE-SVC-A meta random & 2147483647 < 715827883 counter jump KUBE-SEP-A comment \"x\"\nadd rule ip nat KUBE-SEP-A counter dnat to 10.0.0.1:80\n";
    const diffs = compareChains(readNft(ours), readNft(theirs));
    expect(diffs.map((d) => d.explained)).toEqual([Explained.l4proto]);
  });

  it("reports a different probability threshold", () => {
    const theirs = "add rule ip nat KUBE-SVC-A meta random & 2147483647 < 715827882 counter jump KUBE-SEP-A comment \"x\"\nadd rule ip nat KUBE-SEP-A meta l4proto tcp dnat to 10.0.0.1:80\n";
    const diffs = compareChains(readNft(ours), readNft(theirs));
    expect(diffs).toHaveLength(1);
    expect(diffs[0]?.explained).toBeUndefined();
  });

  it("reports a missing rule and a different target", () => {
    const theirs = "add rule ip nat KUBE-SVC-A meta random & 2147483647 < 715827883 jump KUBE-SEP-B comment \"x\"\n";
    const diffs = compareChains(readNft(ours), readNft(theirs));
    expect(diffs.filter((d) => d.explained === undefined)).toHaveLength(2);
  });

  it("orders inserted rules as iptables -I would leave them", () => {
    const inserted = readNft("insert rule ip nat PREROUTING jump B\ninsert rule ip nat PREROUTING jump A\n");
    expect(inserted.get("nat PREROUTING")?.map((r) => r.exprs.join(" "))).toEqual(["jump A", "jump B"]);
  });
});

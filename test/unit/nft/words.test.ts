import { describe, expect, it } from "vitest";
import { markText, nftAddress, nftComment, nftInterface, nftKeyPart, nftName } from "../../../src/render/nft/words.js";

describe("nft quoting", () => {
  it("keeps a plain comment as it is, in double quotes", () => {
    expect(nftComment("ns1/svc1:p80 -> 10.180.0.1:80")).toBe('"ns1/svc1:p80 -> 10.180.0.1:80"');
  });

  it("turns double quotes into single quotes, since nft strings cannot escape them", () => {
    expect(nftComment('a" ; flush ruleset ; "')).toBe(`"a' ; flush ruleset ; '"`);
  });

  it("turns newlines and other control characters into spaces", () => {
    expect(nftComment("a\nflush ruleset\r\u0000b")).toBe('"a flush ruleset  b"');
  });

  it("cuts comments to nft's 128-byte limit without splitting a UTF-8 character", () => {
    const text = `${"x".repeat(127)}é`;
    const quoted = nftComment(text);
    expect(quoted).toBe(`"${"x".repeat(127)}"`);
    expect(new TextEncoder().encode(nftComment("é".repeat(100)).slice(1, -1)).length).toBe(128);
  });

  it("accepts kube-proxy's chain names, in both layouts", () => {
    expect(nftName("KUBE-SEP-I77PXRDZVX7PMWMN")).toBe("KUBE-SEP-I77PXRDZVX7PMWMN");
    expect(nftName("endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80")).toContain("__10.180.0.1/80");
    expect(nftName("services")).toBe("services");
  });

  it("refuses names nft would read as syntax or as a keyword", () => {
    expect(() => nftName("a b")).toThrow(/nft name/);
    expect(() => nftName('x"')).toThrow(/nft name/);
    expect(() => nftName("x;flush")).toThrow(/nft name/);
    expect(() => nftName("counter")).toThrow(/keyword/);
    expect(() => nftName("A".repeat(256))).toThrow(/nft name/);
  });

  it("refuses addresses and keys that are not addresses, protocols or ports", () => {
    expect(nftAddress("fd00:10::/64")).toBe("fd00:10::/64");
    expect(nftKeyPart("tcp")).toBe("tcp");
    expect(nftKeyPart("3001")).toBe("3001");
    expect(() => nftAddress("1.2.3.4 } ; flush ruleset")).toThrow(/address/);
    expect(() => nftKeyPart("drop")).toThrow(/address/);
  });

  it("writes iptables' `veth+` wildcard as nft's `veth*` and escapes a literal star", () => {
    expect(nftInterface("veth", true)).toBe('"veth*"');
    expect(nftInterface("a*b", false)).toBe('"a\\*b"');
    expect(() => nftInterface('eth"0', false)).toThrow(/interface/);
  });

  it("pads marks like Go's %#08x unless short marks are asked for", () => {
    expect(markText(0x4000, false)).toBe("0x00004000");
    expect(markText(0x4000, true)).toBe("0x4000");
    expect(markText(0x80000000, false)).toBe("0x80000000");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCIDR, formatIP, isIPv4Mapped, parseCIDR, parseIP } from "../../../src/model/ip.js";

const canonical = (s: string) => {
  const ip = parseIP(s);
  return ip === undefined ? undefined : formatIP(ip);
};

describe("IP parsing follows Go's ParseIPSloppy and String()", () => {
  it.each([
    ["10.0.0.1", "10.0.0.1"],
    ["172.30.0.041", "172.30.0.41"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:DB8::0001", "2001:db8::1"],
    ["fd00:0:0:1::", "fd00:0:0:1::"],
    ["::", "::"],
    ["::1", "::1"],
    ["1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"],
    ["64:ff9b::1.2.3.4", "64:ff9b::102:304"],
  ])("reads %s as %s", (input, output) => {
    expect(canonical(input)).toBe(output);
  });

  it.each(["999.1.1.1", "1.2.3", "1.2.3.4.5", "1::2::3", "12345::", "1.2.3.4 ", "", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "0x1.2.3.4"])("rejects %j", (input) => {
    expect(parseIP(input)).toBeUndefined();
  });

  it("recognises IPv4-mapped IPv6 addresses", () => {
    expect(isIPv4Mapped(parseIP("::ffff:1.2.3.4")!)).toBe(true);
    expect(isIPv4Mapped(parseIP("::ffff:102:304")!)).toBe(true);
    expect(isIPv4Mapped(parseIP("fd00::1")!)).toBe(false);
  });

  it("masks CIDRs to their network, as kube-proxy prints them", () => {
    expect(formatCIDR(parseCIDR("203.0.113.7/25")!)).toBe("203.0.113.0/25");
    expect(formatCIDR(parseCIDR("203.0.113.000/025")!)).toBe("203.0.113.0/25");
    expect(formatCIDR(parseCIDR("fd00::1:2/64")!)).toBe("fd00::/64");
    expect(parseCIDR("10.0.0.0/33")).toBeUndefined();
    expect(parseCIDR("10.0.0.0")).toBeUndefined();
  });
});

describe("IPv6 printing agrees with an independent RFC 5952 implementation", () => {
  // Groups biased towards zero, so runs of zero groups (and ties between runs) are common.
  const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
  const address = fc.array(group, { minLength: 8, maxLength: 8 }).map((groups) => groups.map((g) => g.toString(16)).join(":"));

  it("prints every address as the WHATWG URL serializer does, and reads it back", () => {
    fc.assert(
      fc.property(address, (text) => {
        const ip = parseIP(text)!;
        fc.pre(!isIPv4Mapped(ip));
        const printed = formatIP(ip);
        expect(printed).toBe(new URL(`http://[${text}]/`).hostname.slice(1, -1));
        expect(formatIP(parseIP(printed)!)).toBe(printed);
      }),
      { numRuns: 500 },
    );
  });
});

import { describe, expect, it } from "vitest";
import { endpointBase, hashAndTruncate, serviceBase } from "../../../src/compile/nft-kube/names.js";

// Vectors from kube-proxy's Test_servicePortChainNameBase / Test_servicePortEndpointChainNameBase and
// proxier_test.go expectations (spec kube-proxy-nftables.md §4.2).

describe("nftables-mode names", () => {
  it.each([
    ["ns1/svc1/tcp/p80", "ULMVA6XW"],
    ["ns2/svc2/tcp/p80", "42NFTM6N"],
    ["ns3/svc3/tcp/p80", "4AT6LBPK"],
    ["ns4/svc4/tcp/p80", "LAUZTJTB"],
    ["ns5/svc5/tcp/p80", "HVFWP5L3"],
    ["ns2/svc2/tcp/p8080", "MHHHYRWA"],
    ["testing/service/tcp/http", "P4ZYZVCF"],
    ["testing/service/tcp/https", "LZBRENCP"],
    ["ns1/svc1/tcp/p80__10.180.0.1/80", "5OJB2KTY"],
    ["ns5/svc5/tcp/p80__10.180.0.3/80", "GTK6MW7G"],
    ["ns1/svc1/tcp/p80__10.0.1.1/80", "5TPGNJF2"],
    ["testing/service/tcp/http__fd80.abcd.12..a1b2.c3d4.e5f6.9999/80", "U7E2ET36"],
    ["ns1/svc1/tcp/p80__fd00.10.180..1/80", "ZVRFLKHO"],
    ["default/kubernetes/tcp/https", "2QRHZV4L"],
  ])("hashes %s to %s", (name, hash) => {
    expect(hashAndTruncate(name)).toBe(`${hash}-${name}`);
  });

  it("leaves a trailing slash for an unnamed port", () => {
    expect(serviceBase({ namespace: "ns7", name: "svc7", protocol: "udp", portName: "" })).toMatch(/^[A-Z2-7]{8}-ns7\/svc7\/udp\/$/);
  });

  it("writes IPv6 endpoint colons as dots", () => {
    expect(endpointBase({ namespace: "ns1", name: "svc1", protocol: "tcp", portName: "p80" }, "fd00:10:180::1", 80)).toBe("ZVRFLKHO-ns1/svc1/tcp/p80__fd00.10.180..1/80");
  });

  it("cuts names over 240 bytes to 237 and appends ...", () => {
    const id = {
      namespace: "very-long-namespace-name-abcdefghijklmnopqrstuvwxyz0123456789xx",
      name: "very-long-service-name-why-would-you-even-do-this-i-mean-really",
      protocol: "sctp" as const,
      portName: "port-443-providing-the-hypertext-transmission-protocol-with-tls",
    };
    const name = endpointBase(id, "1234:5678:9abc:def0::abcd:1234:5678", 443);
    expect(name).toBe(
      "CI6C53Q3-very-long-namespace-name-abcdefghijklmnopqrstuvwxyz0123456789xx/very-long-service-name-why-would-you-even-do-this-i-mean-really/sctp/port-443-providing-the-hypertext-transmission-protocol-with-tls__1234.5678.9abc.def0..abcd.1234...",
    );
    expect(name).toHaveLength(240);
  });
});

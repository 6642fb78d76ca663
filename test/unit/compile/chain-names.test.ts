import { describe, expect, it } from "vitest";
import { endpointChain, hash16, serviceChains, servicePortNameString } from "../../../src/compile/chain-names.js";

describe("chain names", () => {
  it("hashes ns1/svc1:p80tcp to the name kube-proxy's tests use, via sha256 and base32", () => {
    expect(hash16("ns1/svc1:p80tcp")).toBe("XPGD46QRK7WJZT7O");
    expect(serviceChains("ns1/svc1:p80", "tcp").svc).toBe("KUBE-SVC-XPGD46QRK7WJZT7O");
  });

  it("shares one hash between the SVC, SVL, EXT and FW chains of a service port", () => {
    expect(serviceChains("ns2/svc2:p80", "tcp")).toEqual({
      svc: "KUBE-SVC-GNZBNJ2PO5MGZ6GT",
      svl: "KUBE-SVL-GNZBNJ2PO5MGZ6GT",
      ext: "KUBE-EXT-GNZBNJ2PO5MGZ6GT",
      fw: "KUBE-FW-GNZBNJ2PO5MGZ6GT",
    });
  });

  it.each([
    ["ns5/svc5:p80", "KUBE-SVC-NUKIZ6OKUXPJNT4C"],
    ["ns2/svc2:p8080", "KUBE-SVC-2VJB64SDSIJUP5T6"],
    ["ns4/svc4:p8082", "KUBE-SVC-EBDQOQU5SJFXRIL3"],
    ["ns1/svc1", "KUBE-SVC-AQI2S6QIMU7PVVRP"],
  ])("names the service chain of %s %s", (spn, name) => {
    expect(serviceChains(spn, "tcp").svc).toBe(name);
  });

  it("hashes the lower-case protocol, so UDP and SCTP ports get their own chains", () => {
    expect(serviceChains("ns1/svc1:p80", "udp").svc).toBe("KUBE-SVC-OJWW7NSBVZTDHXNW");
    expect(serviceChains("ns1/svc1:p80", "sctp").svc).toBe("KUBE-SVC-GFCIFIA5VTFSTMSM");
    expect(hash16("ns1/svc1:p80TCP")).toBe("3UP2Z6VMNQ3MME3P");
  });

  it.each([
    ["ns1/svc1:p80", "10.180.0.1:80", "KUBE-SEP-SXIVWICOYRO3J4NJ"],
    ["ns5/svc5:p80", "10.180.0.3:80", "KUBE-SEP-I77PXRDZVX7PMWMN"],
    ["ns4/svc4:p80", "10.180.0.4:80", "KUBE-SEP-UKSFD7AGPMPPLUHC"],
    ["ns4/svc4:p80", "10.180.0.5:80", "KUBE-SEP-C6EBXVWJJZMIWKLZ"],
    ["ns1/svc1:p80", "10.0.0.0:80", "KUBE-SEP-DKGQUZGBKLTPAR56"],
    ["ns4/svc4:p8082", "10.4.0.1:8082", "KUBE-SEP-SU5STNODRYEWJAUF"],
    ["ns1/svc1:p80", "[fd00:10:180::1]:80", "KUBE-SEP-OGYCNMB4EMRUSJ6N"],
  ])("names the endpoint chain of %s -> %s %s", (spn, ep, name) => {
    expect(endpointChain(spn, "tcp", ep)).toBe(name);
  });

  it("writes a service port name without the colon when the port is unnamed", () => {
    expect(servicePortNameString("ns1", "svc1", "p80")).toBe("ns1/svc1:p80");
    expect(servicePortNameString("ns1", "svc1", "")).toBe("ns1/svc1");
  });

  it("keeps every name within iptables' 28-character limit", () => {
    expect(serviceChains("a-very-long-namespace-name/and-a-long-service:port", "sctp").svc.length).toBe(25);
  });
});

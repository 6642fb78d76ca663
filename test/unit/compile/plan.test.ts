import { describe, expect, it } from "vitest";
import { planServicePorts } from "../../../src/compile/plan-service-ports.js";
import { parseCIDR, parseIP } from "../../../src/compile/ip.js";
import { endpoint, fakeProxierConfig, port, service, slice, snapshot } from "../../kube-proxy/builders.js";

describe("IP normalisation", () => {
  it.each([
    ["172.30.0.041", "172.30.0.41"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["fd00:1:0:0:2:0:0:0", "fd00:1:0:0:2::"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["::ffff:1.2.3.4", "1.2.3.4"],
    ["::", "::"],
  ])("prints %s as %s", (input, out) => {
    expect(parseIP(input)?.text).toBe(out);
  });

  it.each(["1.2.3", "1.2.3.256", "1:2:3:4:5:6:7:8:9", "1::2::3", "x", ""])("rejects %j", (input) => {
    expect(parseIP(input)).toBeUndefined();
  });

  it("masks CIDRs to their network and trims whitespace", () => {
    expect(parseCIDR(" 203.0.113.7/25")?.text).toBe("203.0.113.0/25");
    expect(parseCIDR("203.0.113.000/025")?.text).toBe("203.0.113.0/25");
    expect(parseCIDR("fd00:10::1/64")?.text).toBe("fd00:10::/64");
    expect(parseCIDR("10.0.0.0/33")).toBeUndefined();
  });
});

describe("planServicePorts", () => {
  const cfg = fakeProxierConfig();

  it("skips headless, ExternalName and services without a cluster IP of the family", () => {
    const plans = planServicePorts(
      snapshot([
        service("ns", "headless", { clusterIPs: ["None"], ports: [port("p", 80)] }),
        service("ns", "ext", { type: "ExternalName", clusterIPs: ["172.30.0.1"], ports: [port("p", 80)] }),
        service("ns", "v6only", { clusterIPs: ["fd00::1"], ipFamilies: ["IPv6"], ports: [port("p", 80)] }),
        service("ns", "ok", { clusterIPs: ["172.30.0.2"], ports: [port("p", 80)] }),
      ]),
      cfg,
    );
    expect(plans.map((p) => p.servicePortName)).toEqual(["ns/ok:p"]);
  });

  it("takes each family's addresses from a dual-stack service", () => {
    const dual = service("ns", "dual", {
      clusterIPs: ["fd00::10", "172.30.0.10"],
      ipFamilies: ["IPv6", "IPv4"],
      ports: [port("p", 80)],
      externalIPs: ["192.168.99.1", "2001:db8::99"],
      loadBalancerIngress: [{ ip: "1.2.3.4" }, { ip: "2001:db8::4" }],
    });
    const v4 = planServicePorts(snapshot([dual]), cfg)[0];
    const v6 = planServicePorts(snapshot([dual]), fakeProxierConfig({ family: "ipv6" }))[0];
    expect([v4?.clusterIP, v4?.externalIPs, v4?.loadBalancerIPs]).toEqual(["172.30.0.10", ["192.168.99.1"], ["1.2.3.4"]]);
    expect([v6?.clusterIP, v6?.externalIPs, v6?.loadBalancerIPs]).toEqual(["fd00::10", ["2001:db8::99"], ["2001:db8::4"]]);
  });

  it("ignores load-balancer ingress with ipMode Proxy or without an IP", () => {
    const svc = service("ns", "lb", {
      type: "LoadBalancer",
      clusterIPs: ["172.30.0.1"],
      ports: [port("p", 80)],
      loadBalancerIngress: [{ ip: "1.2.3.4", ipMode: "Proxy" }, { hostname: "lb.example" }, { ip: "1.2.3.5", ipMode: "VIP" }, { ip: "1.2.3.6" }],
    });
    expect(planServicePorts(snapshot([svc]), cfg)[0]?.loadBalancerIPs).toEqual(["1.2.3.5", "1.2.3.6"]);
  });

  it("treats a zero-prefix source range as allow-all: no firewall chain (kube-proxy v1.34+)", () => {
    const svc = service("ns", "lb", {
      type: "LoadBalancer",
      clusterIPs: ["172.30.0.1"],
      ports: [port("p", 80)],
      loadBalancerIngress: [{ ip: "1.2.3.4" }],
      loadBalancerSourceRanges: ["203.0.113.0/25", "0.0.0.0/0"],
    });
    const plan = planServicePorts(snapshot([svc], [slice("ns", "lb", 1, [{ name: "p", port: 80 }], [endpoint("10.0.0.1")])]), cfg)[0];
    expect(plan?.loadBalancerSourceRanges).toEqual([]);
    expect(plan?.usesFirewallChain).toBe(false);
  });

  it("orders services by namespace/name and keeps spec order for ports", () => {
    const plans = planServicePorts(
      snapshot([
        service("b", "x", { clusterIPs: ["172.30.0.1"], ports: [port("z", 1), port("a", 2)] }),
        service("a-b", "y", { clusterIPs: ["172.30.0.2"], ports: [port("p", 1)] }),
        service("a", "x", { clusterIPs: ["172.30.0.3"], ports: [port("p", 1)] }),
      ]),
      cfg,
    );
    expect(plans.map((p) => p.servicePortName)).toEqual(["a-b/y:p", "a/x:p", "b/x:z", "b/x:a"]);
  });

  it("only gives the health-check node port to LoadBalancer services with externalTrafficPolicy Local", () => {
    const np = service("ns", "np", { type: "NodePort", clusterIPs: ["172.30.0.1"], ports: [port("p", 80, { nodePort: 30001 })], externalTrafficPolicy: "Local", healthCheckNodePort: 32000 });
    const lb = { ...np, name: "lb", type: "LoadBalancer" as const };
    const plans = planServicePorts(snapshot([np, lb]), cfg);
    expect(plans.map((p) => p.healthCheckNodePort)).toEqual([32000, undefined]);
  });
});

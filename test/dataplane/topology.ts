import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from "testcontainers";
import { OWNER_LABEL, privilegedRequested } from "./environment.js";

// The containers one run needs, all on one user-defined Docker network:
//   node      gets the compiled rules (NET_ADMIN + NET_RAW, ip_forward on); sends the OUTPUT-path probes
//   client    another host on the network: sends the PREROUTING-path probes (NodePort, ClusterIP via node)
//   endpoints each runs `kprc-probe serve` and answers with its own ip:port
// Endpoints and client route the client <-> ClusterIP traffic through the node, as pods' traffic goes through
// their node, so replies that are not masqueraded still pass the node's conntrack and get un-DNATed.

export const PROBE_PATH = "/usr/local/bin/kprc-probe";
export const TCP_TARGET_PORT = 8080;
export const UDP_TARGET_PORT = 5353;

/** testcontainers 11 has no `withSysctls`; Docker's HostConfig does. */
class NetContainer extends GenericContainer {
  withSysctls(sysctls: Record<string, string>): this {
    this.hostConfig.Sysctls = { ...this.hostConfig.Sysctls, ...sysctls };
    return this;
  }
}

export interface Host {
  readonly container: StartedTestContainer;
  readonly ip: string;
}

export interface Topology {
  readonly network: StartedNetwork;
  readonly node: Host;
  readonly client: Host;
  readonly endpoints: readonly Host[];
  /** Stops every container and the network (also called by startTopology itself when a start fails). */
  stop(): Promise<void>;
}

export interface TopologyOptions {
  readonly image: string;
  readonly probeBinary: string;
  readonly endpointCount: number;
  /** Destinations (service CIDR, external and load-balancer IPs) the client routes via the node. */
  readonly routedViaNode: readonly string[];
}

const SYSCTLS = { "net.ipv4.ip_forward": "1", "net.ipv4.conf.all.accept_redirects": "0", "net.ipv4.conf.all.send_redirects": "0" };
// The kernel rate-limits ICMP errors per destination (a burst of 6, then one a second): a burst of
// connections to a service without endpoints would then see timeouts instead of REJECT's port-unreachable.
const NODE_SYSCTLS = { ...SYSCTLS, "net.ipv4.icmp_ratemask": "0" };

function base(image: string, probeBinary: string, name: string, sysctls: Record<string, string> = SYSCTLS): NetContainer {
  const c = new NetContainer(image)
    .withLabels({ "kprc.dataplane": name, [OWNER_LABEL]: String(process.pid) })
    .withCopyFilesToContainer([{ source: probeBinary, target: PROBE_PATH, mode: 0o755 }])
    .withAddedCapabilities("NET_ADMIN", "NET_RAW")
    // Nobody may learn a shortcut around the node from an ICMP redirect: replies must cross its conntrack.
    .withSysctls(sysctls)
    .withStartupTimeout(30_000);
  return privilegedRequested ? c.withPrivilegedMode() : c;
}

async function hostOn(network: StartedNetwork, container: StartedTestContainer): Promise<Host> {
  return { container, ip: container.getIpAddress(network.getName()) };
}

/** Runs a command that must succeed; throws with its output when it does not. */
export async function must(host: Host, cmd: readonly string[]): Promise<string> {
  const r = await host.container.exec([...cmd]);
  if (r.exitCode !== 0) throw new Error(`${cmd.join(" ")} failed in ${host.ip} (exit ${r.exitCode}):\n${r.output}`);
  return r.stdout;
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const started: StartedTestContainer[] = [];
  const network = await new Network().start();
  const stop = async (): Promise<void> => {
    await Promise.allSettled(started.map((c) => c.stop({ timeout: 1 })));
    await network.stop().catch(() => undefined);
  };
  const track = async (c: NetContainer): Promise<StartedTestContainer> => {
    const s = await c.withNetwork(network).start();
    started.push(s);
    return s;
  };
  try {
    const sleeper = (name: string, sysctls = SYSCTLS) => base(options.image, options.probeBinary, name, sysctls).withCommand(["sleep", "infinity"]);
    const server = (i: number) =>
      base(options.image, options.probeBinary, `endpoint-${i}`)
        .withCommand([PROBE_PATH, "serve", `tcp:${TCP_TARGET_PORT}`, `udp:${UDP_TARGET_PORT}`])
        .withWaitStrategy(Wait.forLogMessage("listening"));
    const [node, client, ...endpoints] = await Promise.all([
      track(sleeper("node", NODE_SYSCTLS)),
      track(sleeper("client")),
      ...Array.from({ length: options.endpointCount }, (_, i) => track(server(i))),
    ]);
    const topology: Topology = {
      network,
      node: await hostOn(network, node!),
      client: await hostOn(network, client!),
      endpoints: await Promise.all(endpoints.map((e) => hostOn(network, e))),
      stop,
    };
    await routeThroughNode(topology, options.routedViaNode);
    return topology;
  } catch (err) {
    await stop();
    throw err;
  }
}

async function routeThroughNode(t: Topology, destinations: readonly string[]): Promise<void> {
  for (const d of destinations) await must(t.client, ["ip", "route", "replace", d, "via", t.node.ip]);
  await Promise.all(t.endpoints.map((e) => must(e, ["ip", "route", "replace", `${t.client.ip}/32`, "via", t.node.ip])));
}

import { describe, expect, it } from "vitest";
import { generateServices, toYaml, withOneMoreEndpoint, type Shape } from "../../../bench/generate.js";
import { main } from "../../../src/cli/main.js";
import { createMemoryIo } from "../../../src/cli/memory-io.js";

// `kprc compile NEXT --since PREVIOUS`: the CLI face of compileDelta.

const shape: Shape = { name: "tiny", services: 5, endpointsPerService: 3, portsPerService: 1, mix: { nodePort: 0.4, loadBalancer: 0.2 }, seed: 7 };
const services = generateServices(shape);
const files = { "prev.yaml": toYaml(services), "next.yaml": toYaml(withOneMoreEndpoint(services, 2)) };
const flags = ["--node-name", "bench-node-0", "--cluster-cidr", "10.0.0.0/8"];

async function kprc(...argv: string[]) {
  const io = createMemoryIo({ files });
  const code = await main(["compile", ...argv, ...flags], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const declared = (text: string) => text.split("\n").filter((l) => l.startsWith(":"));

describe("kprc compile --since", () => {
  it("writes only the changed service chain and the new endpoint chain when one endpoint was added", async () => {
    const { code, stdout } = await kprc("next.yaml", "--since", "prev.yaml");
    expect(code).toBe(0);
    const chains = declared(stdout);
    expect(chains).toHaveLength(2);
    expect(chains.some((l) => l.startsWith(":KUBE-SVC-"))).toBe(true);
    expect(chains.some((l) => l.startsWith(":KUBE-SEP-"))).toBe(true);
    expect(stdout).toMatch(/^\*nat\n/);
  });

  it("writes a much smaller payload than the full output", async () => {
    const full = await kprc("next.yaml");
    const delta = await kprc("next.yaml", "--since", "prev.yaml");
    expect(delta.stdout.length * 5).toBeLessThan(full.stdout.length);
  });

  it("writes nothing when nothing changed", async () => {
    const { code, stdout } = await kprc("prev.yaml", "--since", "prev.yaml");
    expect(code).toBe(0);
    expect(stdout).toBe("");
  });

  it("deletes the chains of services that are gone, declaring them first", async () => {
    const { stdout } = await kprc("prev.yaml", "--since", "next.yaml");
    const deleted = stdout.split("\n").filter((l) => l.startsWith("-X "));
    expect(deleted).toHaveLength(1);
    expect(declared(stdout)).toContain(`:${deleted[0]!.slice(3)} - [0:0]`);
  });

  it("writes an nft delta that never flushes a whole table", async () => {
    const { code, stdout } = await kprc("next.yaml", "--since", "prev.yaml", "--format", "nft");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^flush chain ip nat KUBE-SVC-/m);
    expect(stdout).not.toMatch(/flush table|delete table/);
  });

  it("fails without output when the previous snapshot cannot be read", async () => {
    const { code, stdout, stderr } = await kprc("next.yaml", "--since", "missing.yaml");
    expect(code).not.toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/missing\.yaml/);
  });
});

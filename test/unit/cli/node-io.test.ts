import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IoError } from "../../../src/cli/io.js";
import { main } from "../../../src/cli/main.js";
import { nodeIo } from "../../../src/cli/node-io.js";

// The real Io against a real directory: -o is written by temp file + rename, never half-way.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kprc-io-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const service = "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: dev}\nspec: {clusterIP: 10.0.0.1, ports: [{port: 80}]}\n";

/** An Io that writes stdout/stderr to strings but files through nodeIo. */
function realFilesIo() {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      ...nodeIo,
      writeStdout: async (t: string) => void (out.stdout += t),
      writeStderr: async (t: string) => void (out.stderr += t),
    },
  };
}

describe("node-io", () => {
  it("writes -o FILE and leaves no temporary file behind", async () => {
    await writeFile(join(dir, "snap.yaml"), service);
    const { io, out } = realFilesIo();
    expect(await main([join(dir, "snap.yaml"), "-o", join(dir, "rules.txt")], io)).toBe(0);
    expect(out.stdout).toBe("");
    expect(await readFile(join(dir, "rules.txt"), "utf8")).toMatch(/^\*filter\n/);
    expect((await readdir(dir)).sort()).toEqual(["rules.txt", "snap.yaml"]);
  });

  it("replaces an existing file whole", async () => {
    await writeFile(join(dir, "snap.yaml"), service);
    await writeFile(join(dir, "rules.txt"), "old\n");
    const { io } = realFilesIo();
    expect(await main([join(dir, "snap.yaml"), "-o", join(dir, "rules.txt")], io)).toBe(0);
    expect(await readFile(join(dir, "rules.txt"), "utf8")).not.toContain("old");
  });

  it("leaves an existing file untouched when the input is bad", async () => {
    await writeFile(join(dir, "snap.yaml"), service.replace("port: 80", "port: 0"));
    await writeFile(join(dir, "rules.txt"), "old\n");
    const { io, out } = realFilesIo();
    expect(await main([join(dir, "snap.yaml"), "-o", join(dir, "rules.txt")], io)).toBe(2);
    expect(await readFile(join(dir, "rules.txt"), "utf8")).toBe("old\n");
    expect(out.stdout).toBe("");
    expect((await readdir(dir)).sort()).toEqual(["rules.txt", "snap.yaml"]);
  });

  it("fails with exit 2, creating nothing, when the output directory does not exist", async () => {
    await writeFile(join(dir, "snap.yaml"), service);
    const { io, out } = realFilesIo();
    expect(await main([join(dir, "snap.yaml"), "-o", join(dir, "missing", "rules.txt")], io)).toBe(2);
    expect(out.stderr).toMatch(/cannot write: no such file/);
    expect((await readdir(dir)).sort()).toEqual(["snap.yaml"]);
  });

  it("reports unreadable inputs as IoError", async () => {
    await expect(nodeIo.readFile(join(dir, "absent.yaml"))).rejects.toThrow(IoError);
    await expect(nodeIo.readFile(dir)).rejects.toThrow(/is a directory/);
  });
});

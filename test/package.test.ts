import { execa } from "execa";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { version } from "../src/cli/version.js";

// The published package, as a user gets it: `npm pack`, unpacked elsewhere, imported by name in a
// fresh Node process and run through its bin. Builds dist/ first, as `npm ci` does (prepare).

const root = join(import.meta.dirname, "..");
let work: string;
let packed: string;
let files: string[];

beforeAll(async () => {
  // tsc emits even when some file in the tree does not typecheck; `npm test` checks types separately.
  await execa("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, reject: false });
  work = await mkdtemp(join(tmpdir(), "kprc-pack-"));
  const { stdout } = await execa("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: root });
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  files = info!.files.map((f) => f.path).sort();
  await execa("tar", ["xzf", join(work, info!.filename), "-C", work]);
  packed = join(work, "package");
  // The dependencies a user's npm would install.
  await symlink(join(root, "node_modules"), join(packed, "node_modules"), "dir");
}, 300_000);

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

const node = (script: string) => execa("node", ["--input-type=module", "-e", script], { cwd: packed, reject: false });

describe("the npm package", () => {
  it("ships dist, bin, README and package.json, and no tests, fixtures or sources", () => {
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/cli/main.js");
    expect(files).toContain("bin/kprc.js");
    expect(files).toContain("README.md");
    expect(files).toContain("package.json");
    const unexpected = files.filter((f) => !/^(dist\/|bin\/|README\.md$|package\.json$|LICENSE)/.test(f));
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /(^|\/)(test|fixtures|golden|bench)\//.test(f) || f.endsWith(".test.js"))).toEqual([]);
  });

  it("keeps the CLI's version equal to package.json's", async () => {
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
    expect(version).toBe(pkg.version);
  });

  it("exports the library API by package name, and runs it end to end", async () => {
    const r = await node(`
      import * as kprc from "kprc";
      const names = ["loadSnapshot", "resolveProxyConfig", "compile", "compileNftKube", "planServicePorts", "parseNft", "renderIptables", "iptablesText", "renderNft", "nftText", "parseIptablesSave", "toText"];
      for (const n of names) if (typeof kprc[n] !== "function") throw new Error("missing export " + n);
      if (typeof kprc.InputError !== "function" || typeof kprc.defaultProxyConfig !== "object") throw new Error("missing InputError/defaultProxyConfig");
      const text = "apiVersion: v1\\nkind: Service\\nmetadata: {name: a, namespace: dev}\\nspec: {clusterIP: 10.0.0.1, ports: [{port: 80}]}\\n";
      const { snapshot } = kprc.loadSnapshot([{ name: "a.yaml", text }]);
      const rules = kprc.iptablesText(kprc.compile(snapshot, kprc.resolveProxyConfig({ flags: { nodeName: "n1" }, snapshot })));
      if (!rules.includes("dev/a has no endpoints")) throw new Error("unexpected rules: " + rules);
      try { kprc.loadSnapshot([{ name: "b.yaml", text: text.replace("port: 80", "port: 0") }]); throw new Error("no error"); }
      catch (e) { if (!(e instanceof kprc.InputError) || e.code !== "invalid-field") throw e; console.log(e.message); }
    `);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("b.yaml:4:44: Service dev/a: spec.ports[0].port: 0 is not a port (1–65535)");
  });

  it("ships type declarations a TypeScript consumer can compile against", async () => {
    const consumer = `import { compile, iptablesText, loadSnapshot, resolveProxyConfig, InputError, type ProxyConfig, type Ruleset, type Snapshot } from "kprc";
const snapshot: Snapshot = loadSnapshot([{ name: "a.yaml", text: "" }]).snapshot;
const config: ProxyConfig = resolveProxyConfig({ snapshot });
const ruleset: Ruleset = compile(snapshot, config);
const text: string = iptablesText(ruleset);
const error: InputError = new InputError("empty", text);
export const code: "syntax" | "invalid-object" | "invalid-field" | "unsupported-kind" | "conflict" | "empty" | "config" = error.code;
`;
    await writeFile(join(packed, "consumer.ts"), consumer);
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const r = await execa("node", [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "consumer.ts"], { cwd: packed, reject: false });
    expect(r.stdout).toBe("");
    expect(r.exitCode).toBe(0);
  });

  it("compiles the README's library examples against the packed types", async () => {
    const readme = await readFile(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("<!-- section:library -->"), readme.indexOf("<!-- /section:library -->"));
    const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const names = await Promise.all(
      blocks.map(async (code, i) => {
        const name = `readme-example-${i}.ts`;
        await writeFile(join(packed, name), `declare const text: string;\n${code}\nexport {};\n`);
        return name;
      }),
    );
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const r = await execa("node", [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--types", "node", "--skipLibCheck", ...names], { cwd: packed, reject: false });
    expect(r.stdout).toBe("");
    expect(r.exitCode).toBe(0);
  });

  it("runs the bin: compile from stdin, and exit 2 with one line on bad input", async () => {
    const bin = join(packed, "bin", "kprc.js");
    const ok = await execa("node", [bin, "compile", "-"], { cwd: packed, reject: false, input: "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {clusterIP: 10.0.0.1, ports: [{port: 80}]}\n" });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^\*filter\n/);
    const bad = await execa("node", [bin, "-"], { cwd: packed, reject: false, input: "kind: [" });
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.split("\n")).toHaveLength(1);
  });
});

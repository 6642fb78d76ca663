import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// Keeps the shape STYLE.md describes honest: one direction of imports, I/O only at the CLI edge,
// rule text only in renderers, small files.

const SRC = resolve(import.meta.dirname, "../src");
const MAX_LINES = 300;

interface SourceFile {
  readonly file: string; // relative to src/, with forward slashes
  readonly text: string;
  readonly imports: readonly string[]; // relative to src/, resolved, .ts
}

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listTs(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function localImports(path: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:import|export)[^"']*?from\s*["']([^"']+)["']/g)].map((m) => m[1]!);
  return specifiers
    .filter((s) => s.startsWith("."))
    .map((s) => relative(SRC, resolve(dirname(path), s)).replace(/\\/g, "/").replace(/\.js$/, ".ts"));
}

const files: SourceFile[] = listTs(SRC).map((path) => {
  const text = readFileSync(path, "utf8");
  return { file: relative(SRC, path).replace(/\\/g, "/"), text, imports: localImports(path, text) };
});

function layer(file: string): string {
  return file.includes("/") ? file.slice(0, file.indexOf("/")) : file;
}

// Which layers each layer may import. The CLI and the public index sit on top and may use all.
const allowed: Record<string, readonly string[]> = {
  model: ["model"],
  input: ["input", "model"],
  compile: ["compile", "model"],
  render: ["render", "model"],
  read: ["read", "model"],
};

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

describe("architecture of src/", () => {
  it("imports only downwards: cli → input/compile/render/read → model", () => {
    const wrong = files.flatMap((f) => {
      const ok = allowed[layer(f.file)];
      if (!ok) return [];
      return f.imports.filter((i) => !ok.includes(layer(i))).map((i) => `${f.file} imports ${i}`);
    });
    expect(wrong).toEqual([]);
  });

  it("has no import cycles", () => {
    const graph = new Map(files.map((f) => [f.file, f.imports]));
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === "done") return;
      if (state.get(node) === "visiting") {
        cycles.push([...path.slice(path.indexOf(node)), node].join(" → "));
        return;
      }
      state.set(node, "visiting");
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, "done");
    };
    for (const f of files) visit(f.file, []);
    expect(cycles).toEqual([]);
  });

  it("touches the file system and the process only in the CLI's I/O module", () => {
    const offenders = files
      .filter((f) => f.file !== "cli/node-io.ts")
      .filter((f) => /from\s*["']node:(fs|fs\/promises|child_process|os)["']|\bprocess\./.test(stripComments(f.text)))
      .map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it("is free of clocks and randomness in the compiler and the renderers", () => {
    const offenders = files
      .filter((f) => ["compile", "render"].includes(layer(f.file)))
      .filter((f) => /\bDate\b|Math\.random|performance\.now/.test(stripComments(f.text)))
      .map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it("writes rule text only in src/render/", () => {
    // iptables options and nft statements inside string literals outside the renderers (the
    // readers in src/read/ parse such text, so they are allowed to name it).
    const ruleText = /["'`][^"'`\n]*(?:\s|^)(?:-A|-j|-m|--dport|--comment|--to-destination|dnat to|meta mark set)\s[^"'`\n]*["'`]/;
    const offenders = files
      .filter((f) => ["compile", "input", "model"].includes(layer(f.file)))
      .filter((f) => ruleText.test(stripComments(f.text)))
      .map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it("never uses the any type", () => {
    const offenders = files.filter((f) => /(:\s*any\b|\bas any\b|<any>)/.test(stripComments(f.text))).map((f) => f.file);
    expect(offenders).toEqual([]);
  });

  it("keeps every file at 300 lines or fewer", () => {
    const long = files
      .map((f) => ({ file: f.file, lines: f.text.split("\n").length }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});

import fc from "fast-check";
import { stringify } from "yaml";
import type { KubeObject } from "../support/arbitraries.js";

// Writing generated objects as input files in every shape kprc reads: a `kind: List`, multi-document
// YAML, a JSON List, one object per document; shuffled and split across several files.

export interface Source {
  readonly name: string;
  readonly text: string;
}

export type FileShape = "list" | "multidoc" | "json";

export interface Layout {
  /** A permutation of the object indices. */
  readonly order: readonly number[];
  /** For each position in `order`, the file it goes to. */
  readonly fileOf: readonly number[];
  readonly shapes: readonly FileShape[];
}

export function render(objects: readonly KubeObject[], shape: FileShape): string {
  switch (shape) {
    case "list":
      return stringify({ apiVersion: "v1", kind: "List", items: objects }, { lineWidth: 0 });
    case "multidoc":
      return objects.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join("");
    case "json":
      return `${JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }, null, 1)}\n`;
    default: {
      const never: never = shape;
      throw new Error(`unhandled shape ${String(never)}`);
    }
  }
}

/** One file, a `kind: List` in the generated order. */
export function singleFile(objects: readonly KubeObject[], name = "snapshot.yaml"): Source[] {
  return [{ name, text: render(objects, "list") }];
}

export function layOut(objects: readonly KubeObject[], layout: Layout): Source[] {
  const files = layout.shapes.map(() => [] as KubeObject[]);
  layout.order.forEach((objectIndex, position) => files[layout.fileOf[position]! % files.length]!.push(objects[objectIndex]!));
  // An empty file is an error on purpose (a broken pipe), so files that got no object are left out.
  return files.flatMap((items, i) => {
    const shape = layout.shapes[i]!;
    return items.length === 0 ? [] : [{ name: `part-${i}.${shape === "json" ? "json" : "yaml"}`, text: render(items, shape) }];
  });
}

/** A random shuffle and split of `count` objects over 1–3 files of random shapes. */
export function layoutArb(count: number): fc.Arbitrary<Layout> {
  return fc.record({
    order: fc.shuffledSubarray(Array.from({ length: count }, (_, i) => i), { minLength: count, maxLength: count }),
    fileOf: fc.array(fc.nat(2), { minLength: count, maxLength: count }),
    shapes: fc.array(fc.constantFrom<FileShape>("list", "multidoc", "json"), { minLength: 1, maxLength: 3 }),
  });
}

/** Which file holds object `index` under a layout. */
export function fileOfObject(layout: Layout, index: number): number {
  const position = layout.order.indexOf(index);
  return layout.fileOf[position]! % layout.shapes.length;
}

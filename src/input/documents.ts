import { LineCounter, parseAllDocuments, type Document } from "yaml";
import { InputError, showValue } from "./errors.js";
import { checkNesting } from "./nesting.js";

// Text → the Kubernetes objects it holds: JSON or YAML, one object, several YAML documents, or a
// `kind: List` (as `kubectl get … -o yaml` prints it). Each object remembers where it came from so
// a later validation error can name the file, the list item and the line:col of the bad field.

export interface Source {
  readonly name: string;
  readonly text: string;
}

export interface Position {
  readonly line: number;
  readonly col: number;
}

export interface RawObject {
  readonly file: string;
  /** `items[3]`, `documents[1]`, `documents[1].items[3]`, or `""` for a file holding one object. */
  readonly where: string;
  readonly value: Readonly<Record<string, unknown>>;
  /** Where the node at `path` (relative to this object) starts; the nearest existing ancestor if it is absent. */
  locate(path: readonly PropertyKey[]): Position | undefined;
}

/** Kubernetes objects are shallow; anything deeper is hostile or broken, and would only cost stack. */
const maxDepth = 64;
/** Enough for any hand-written anchors; a "billion laughs" document needs far more. */
const maxAliasCount = 100;

export function readObjects(source: Source): RawObject[] {
  const text = source.text.startsWith("\uFEFF") ? source.text.slice(1) : source.text;
  const located = lazyLocator(text);
  const documents = (looksLikeJSON(text) ? tryJSON(text) : undefined) ?? parseYAML(source.name, text);
  if (documents.every((d) => d === undefined || d === null)) {
    throw new InputError("empty", "no Kubernetes objects in this input (empty file or stdin?)", { file: source.name });
  }
  return documents.flatMap((value, index) => {
    if (value === undefined || value === null) return [];
    const where = documents.length > 1 ? `documents[${index}]` : "";
    return expandDocument(source.name, value, where, (path) => located(index, path));
  });
}

/** One document: a single object, or the items of a List. */
function expandDocument(file: string, value: unknown, docWhere: string, locateInDoc: RawObject["locate"]): RawObject[] {
  const at = (prefix: readonly PropertyKey[]) => (path: readonly PropertyKey[]) => locateInDoc([...prefix, ...path]);
  checkDepth(value, file, locateInDoc);
  const object = asObject(value, file, docWhere, locateInDoc);
  if (typeof object.kind === "string" && object.kind.endsWith("List") && !isList(object)) {
    const list = [docWhere, object.kind].filter((s) => s !== "").join(" ");
    throw new InputError("invalid-object", `${showValue(object.items)} is not a list`, { file, ...locateInDoc(["items"]), object: list, field: "items" });
  }
  if (!isList(object)) return [{ file, where: docWhere, value: object, locate: locateInDoc }];
  return (object.items ?? []).map((item, i) => {
    const where = [docWhere, `items[${i}]`].filter((s) => s !== "").join(".");
    const element = asObject(item, file, where, at(["items", i]));
    return { file, where, value: inheritListKind(object, element), locate: at(["items", i]) };
  });
}

function looksLikeJSON(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

/** JSON.parse is an order of magnitude faster than a YAML parser on cluster dumps; positions come later, on error. */
function tryJSON(text: string): unknown[] | undefined {
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    return undefined; // let the YAML parser report the syntax error with a line:col
  }
}

function parseYAML(file: string, text: string): unknown[] {
  checkNesting(file, text);
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) return []; // an empty stream
  return docs.map((doc) => {
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = lineCounter.linePos(error.pos[0]);
      throw new InputError("syntax", `not valid YAML or JSON: ${firstLine(error.message)}`, { file, line: pos.line, col: pos.col });
    }
    return toJS(doc, file);
  });
}

function toJS(doc: Document.Parsed, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount });
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof RangeError) {
      throw new InputError("syntax", `YAML aliases expand too far (more than ${maxAliasCount} alias uses); refusing a possible alias bomb`, { file });
    }
    throw error;
  }
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

/** Positions are only needed for error messages, so the YAML node tree is built only then. */
function lazyLocator(text: string): (doc: number, path: readonly PropertyKey[]) => Position | undefined {
  let parsed: { docs: Document.Parsed[]; lines: LineCounter } | undefined;
  return (docIndex, path) => {
    if (parsed === undefined) {
      const lines = new LineCounter();
      if (!nestsSafely(text)) {
        parsed = { docs: [], lines };
        return undefined;
      }
      const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
      parsed = { docs: Array.isArray(docs) ? docs : [], lines };
    }
    const doc = parsed.docs[docIndex];
    if (doc === undefined) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range !== undefined) return parsed.lines.linePos(range[0]);
    }
    return undefined;
  };
}

function nestsSafely(text: string): boolean {
  try {
    checkNesting("", text);
    return true;
  } catch {
    return false;
  }
}

function asObject(value: unknown, file: string, where: string, locate: RawObject["locate"]): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  const pos = locate([]);
  throw new InputError("invalid-object", `expected a Kubernetes object (a mapping with apiVersion and kind), got ${describe(value)}`, {
    file,
    ...pos,
    object: where,
  });
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null || value === undefined) return "nothing";
  return `a ${typeof value}`;
}

interface ListObject extends Record<string, unknown> {
  readonly kind: string;
  readonly items?: unknown[];
}

/** `kind: List` from kubectl, and typed lists (`ServiceList`) from the API, whose items omit kind. */
function isList(object: Record<string, unknown>): object is ListObject {
  return typeof object.kind === "string" && object.kind.endsWith("List") && (Array.isArray(object.items) || object.items === undefined);
}

function inheritListKind(list: ListObject, item: Record<string, unknown>): Record<string, unknown> {
  if (list.kind === "List" || (item.kind !== undefined && item.apiVersion !== undefined)) return item;
  return { apiVersion: list.apiVersion, kind: list.kind.slice(0, -"List".length), ...item };
}

/** Walks without recursion (a hostile JSON document may be nested 100 000 deep), dropping `null`s: kubectl's nil. */
function checkDepth(root: unknown, file: string, locate: RawObject["locate"]): void {
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (depth > maxDepth) {
      throw new InputError("syntax", `nested deeper than ${maxDepth} levels; no Kubernetes object is`, { file, ...locate([]) });
    }
    if (Array.isArray(value)) {
      for (const v of value) {
        if (typeof v === "object" && v !== null) {
          values.push(v);
          depths.push(depth + 1);
        }
      }
    } else {
      const record = value as Record<string, unknown>;
      for (const key in record) {
        const v = record[key];
        if (v === null) delete record[key];
        else if (typeof v === "object") {
          values.push(v);
          depths.push(depth + 1);
        }
      }
    }
  }
}

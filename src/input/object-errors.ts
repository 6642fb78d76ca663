import type { z } from "zod";
import type { RawObject } from "./documents.js";
import { InputError, showValue, type InputErrorCode } from "./errors.js";

// Turning a problem with one raw object into an InputError that names the file, line:col, the
// object (`items[3] Service dev/nginx-service`) and the field (`spec.ports[0].port`).

/** `items[3] Service dev/nginx-service` */
export function describeObject(object: RawObject): string {
  const v = object.value;
  const kind = typeof v.kind === "string" ? printable(v.kind) : "object";
  const meta = typeof v.metadata === "object" && v.metadata !== null ? (v.metadata as Record<string, unknown>) : {};
  const name = typeof meta.name === "string" ? printable(meta.name) : undefined;
  const namespace = typeof meta.namespace === "string" ? printable(meta.namespace) : undefined;
  const id = name === undefined ? "" : namespace === undefined ? ` ${name}` : ` ${namespace}/${name}`;
  return [object.where, `${kind}${id}`].filter((s) => s !== "").join(" ");
}

function printable(s: string): string {
  return /^[\x21-\x7e]{1,100}$/.test(s) ? s : showValue(s);
}

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${showValue(String(key))}]`;
  }
  return out;
}

export function objectError(object: RawObject, code: InputErrorCode, problem: string, path: readonly PropertyKey[] = []): InputError {
  return new InputError(code, problem, {
    file: object.file,
    ...object.locate(path),
    object: describeObject(object),
    field: fieldPath(path),
  });
}

export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The first zod issue, in words: `70000 is not a port (1–65535)`. */
export function zodError(object: RawObject, error: z.ZodError): InputError {
  const issue = error.issues[0];
  if (issue === undefined) return objectError(object, "invalid-object", "is not valid");
  const path = issue.path;
  const value = valueAt(object.value, path);
  return objectError(object, path.length <= 1 ? "invalid-object" : "invalid-field", describeIssue(issue, value), path);
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined) return "is required";
      return `${showValue(value)} is not ${article(issue.expected)}`;
    case "too_small":
      return issue.origin === "array" ? `needs at least ${String(issue.minimum)} item(s)` : `${showValue(value)} is too small`;
    case "too_big":
      return issue.origin === "array" ? `has more than ${String(issue.maximum)} items` : `${showValue(value)} is too big`;
    case "custom":
      if (value === undefined && issue.input === undefined) {
        return issue.message.startsWith("is not ") ? `is required (${issue.message.replace(/^is not /, "expected ")})` : issue.message;
      }
      return `${showValue(value ?? issue.input)} ${issue.message}`;
    default:
      return `${showValue(value)}: ${issue.message}`;
  }
}

function article(expected: string): string {
  if (expected === "object" || expected === "record") return "a mapping";
  if (expected === "array") return "a list";
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

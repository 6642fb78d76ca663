// The one error type kprc's input layer throws. It carries enough to point a user at the exact
// place to fix: the file, the YAML line:col, the object (`items[3] Service dev/nginx-service`) and
// the field path (`spec.ports[0].port`). The CLI prints `message` as one line and exits 2.

export type InputErrorCode =
  /** The text is not YAML/JSON (or not one we are willing to expand: alias bombs, nesting). */
  | "syntax"
  /** A document is not a Kubernetes object, or an object of a supported kind is malformed. */
  | "invalid-object"
  /** A field holds a value Kubernetes (and kube-proxy) would reject. */
  | "invalid-field"
  /** `--strict` and a kind kprc does not read. */
  | "unsupported-kind"
  /** Two objects disagree (same name twice, a field of the other family). */
  | "conflict"
  /** No objects at all: an empty file or stdin is almost always a broken pipe. */
  | "empty"
  /** A flag, or a KubeProxyConfiguration field, has a bad value. */
  | "config";

export interface InputErrorDetails {
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  /** `items[3] Service dev/nginx-service` */
  readonly object?: string;
  /** `spec.ports[0].port` */
  readonly field?: string;
}

export class InputError extends Error {
  override readonly name = "InputError";
  readonly code: InputErrorCode;
  readonly details: InputErrorDetails;
  /** What is wrong, without the location prefix. */
  readonly problem: string;

  constructor(code: InputErrorCode, problem: string, details: InputErrorDetails = {}) {
    super(formatMessage(problem, details));
    this.code = code;
    this.problem = problem;
    this.details = details;
  }
}

function formatMessage(problem: string, d: InputErrorDetails): string {
  const parts: string[] = [];
  if (d.file !== undefined) {
    parts.push(d.line === undefined ? d.file : `${d.file}:${d.line}:${d.col ?? 1}`);
  }
  if (d.object !== undefined && d.object !== "") parts.push(d.object);
  if (d.field !== undefined && d.field !== "") parts.push(d.field);
  parts.push(problem);
  // One line, always: a hostile value must not be able to fake extra output lines.
  return parts.join(": ").replace(/[\r\n]+/g, " ");
}

/** A value as it may appear inside an error message: quoted, short, printable. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = typeof value === "number" || typeof value === "bigint" ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  if (text.length > 60) text = `${text.slice(0, 57)}...`;
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

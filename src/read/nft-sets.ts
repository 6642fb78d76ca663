import type { NamedSet, SetElement, SetFlag, SetKeyType } from "../model/ruleset.js";
import { readVerdictWords } from "./nft-rule.js";
import { unquote } from "./nft-tokenize.js";

// Set and map declarations and elements, as `add set … { type … ; flags … ; }` and as the
// property lines of a `nft list ruleset` set block; elements `{ k1 . k2 comment "c" : goto X }`.

export interface SetDraft {
  name: string;
  type: SetKeyType[];
  map?: "verdict";
  flags?: SetFlag[];
  timeoutSeconds?: number;
  comment?: string;
  elements: SetElement[];
}

/** `3h`, `10800s`, `1d2h3m4s`, or a bare number of seconds. */
export function durationSeconds(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const units: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  let rest = text;
  while (rest !== "") {
    const m = /^(\d+)(ms|d|h|m|s)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** Applies one property (`type a . b : verdict`, `flags x,y`, `timeout 3h`, `comment "c"`) given as tokens. */
export function applySetProperty(set: SetDraft, tokens: readonly string[]): void {
  const [word, ...rest] = tokens;
  switch (word) {
    case "type":
    case "typeof": {
      const colon = rest.indexOf(":");
      const key = (colon < 0 ? rest : rest.slice(0, colon)).filter((t) => t !== ".");
      set.type = key as SetKeyType[];
      if (colon >= 0 && rest[colon + 1] === "verdict") set.map = "verdict";
      return;
    }
    case "flags":
      set.flags = rest.filter((t) => t !== ",") as SetFlag[];
      return;
    case "timeout": {
      const seconds = durationSeconds(rest[0] ?? "");
      if (seconds !== undefined) set.timeoutSeconds = seconds;
      return;
    }
    case "comment":
      set.comment = unquote(rest[0] ?? "");
      return;
    default:
      // size, policy, auto-merge, gc-interval: not part of the model.
      return;
  }
}

/** The tokens between `{` and `}` of a declaration, split at `;` into properties. */
export function applySetProperties(set: SetDraft, tokens: readonly string[]): void {
  let current: string[] = [];
  for (const t of tokens) {
    if (t === ";") {
      if (current.length > 0) applySetProperty(set, current);
      current = [];
    } else current.push(t);
  }
  if (current.length > 0) applySetProperty(set, current);
}

/** Elements between braces, separated by commas: `k1 . k2 [comment "c"] [: verdict]`. */
export function readElements(tokens: readonly string[]): SetElement[] {
  const elements: SetElement[] = [];
  let current: string[] = [];
  const finish = (): void => {
    if (current.length === 0) return;
    const element = readElement(current);
    if (element) elements.push(element);
    current = [];
  };
  for (const t of tokens) {
    if (t === ",") finish();
    else current.push(t);
  }
  finish();
  return elements;
}

function readElement(tokens: readonly string[]): SetElement | undefined {
  const key: string[] = [];
  let comment: string | undefined;
  let i = 0;
  while (i < tokens.length && tokens[i] !== ":" && tokens[i] !== "comment") {
    if (tokens[i] !== ".") key.push(tokens[i]!);
    i++;
  }
  if (tokens[i] === "comment") {
    comment = unquote(tokens[i + 1] ?? "");
    i += 2;
  }
  let value: SetElement["value"];
  if (tokens[i] === ":") {
    const cursor = { i: i + 1, peek: (offset = 0) => tokens[cursor.i + offset] };
    value = readVerdictWords(cursor);
  }
  if (key.length === 0) return undefined;
  return { key, ...(comment !== undefined ? { comment } : {}), ...(value !== undefined ? { value } : {}) };
}

export function finishSet(draft: SetDraft): NamedSet {
  return {
    name: draft.name,
    ...(draft.comment !== undefined ? { comment: draft.comment } : {}),
    type: draft.type,
    ...(draft.map ? { map: draft.map } : {}),
    ...(draft.flags ? { flags: draft.flags } : {}),
    ...(draft.timeoutSeconds !== undefined ? { timeoutSeconds: draft.timeoutSeconds } : {}),
    elements: draft.elements,
  };
}

import { InputError } from "./errors.js";

// A guard run on raw text before any parser sees it.

/**
 * Limits checked on the raw text before any parser sees it. The YAML parser recurses per nesting
 * level and runs out of stack near 900 levels; V8 may then abort the whole process (not throw) if
 * that happens while it compiles a regular expression. Flow brackets are counted without regard to
 * quoting, which can only over-estimate; real Kubernetes YAML stays far below these.
 */
const maxFlowDepth = 128;
const maxIndent = 400;
const maxCompactDashes = 32;

/** Throws an InputError when the text nests deeper than any Kubernetes object does. */
export function checkNesting(file: string, text: string): void {
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  let indent = 0;
  let inIndent = true;
  let dashes = 0;
  const fail = (what: string, col: number) => {
    throw new InputError("syntax", `nested too deeply (${what}); no Kubernetes object is`, { file, line, col });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
      indent = 0;
      dashes = 0;
      inIndent = true;
      continue;
    }
    if (inIndent) {
      if (c === 32) {
        if (++indent > maxIndent) fail(`more than ${maxIndent} columns of indentation`, i - lineStart + 1);
        continue;
      }
      // `- - - x`: compact nested sequences, one level per dash.
      if (c === 45 && text.charCodeAt(i + 1) === 32) {
        if (++dashes > maxCompactDashes) fail(`more than ${maxCompactDashes} nested "- " on one line`, i - lineStart + 1);
        indent++;
        i++;
        continue;
      }
      inIndent = false;
    }
    if (c === 91 || c === 123) {
      if (++flow > maxFlowDepth) fail(`more than ${maxFlowDepth} open brackets`, i - lineStart + 1);
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
}

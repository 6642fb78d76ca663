// Structural equality for the model's plain data (records, arrays, strings, numbers, booleans).
// The delta compares whole rulesets of ~10⁵ rules, so this stops at the first difference instead
// of serialising both sides.

/** Keys that say where a parsed rule came from, not what it does. */
const IGNORED_KEYS = new Set(["source"]);

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && sameArray(a, b);
  if (Array.isArray(b)) return false;
  return sameRecord(a as Record<string, unknown>, b as Record<string, unknown>);
}

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
  return true;
}

/** An absent key and a key set to `undefined` are the same (optional fields). */
function sameRecord(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const key in a) {
    if (IGNORED_KEYS.has(key)) continue;
    if (!sameValue(a[key], b[key])) return false;
  }
  for (const key in b) {
    if (IGNORED_KEYS.has(key)) continue;
    if (a[key] === undefined && b[key] !== undefined) return false;
  }
  return true;
}

import type { NamedSet, SetElement } from "../../model/ruleset.js";
import { sameValue } from "./same-value.js";

// Element-level diff of nft sets and maps, as kube-proxy's nftables mode keeps them in sync
// (nftElementStorage): an element whose key and value are unchanged is not written again, a new
// key is added, a gone key is deleted, and a changed value is a delete plus an add because nft
// refuses `add element` for a key that exists with another value (EEXIST). Comments are not
// compared, as in kube-proxy.

function elementKey(element: SetElement): string {
  return element.key.join(" . ");
}

function sameDefinition(a: NamedSet, b: NamedSet): boolean {
  return sameValue(a.type, b.type) && a.map === b.map && a.timeoutSeconds === b.timeoutSeconds && sameValue(a.flags ?? [], b.flags ?? []);
}

/** The set as a partial-sync entry, or undefined when nothing in it changed. */
export function diffSet(previous: NamedSet | undefined, next: NamedSet): NamedSet | undefined {
  if (previous === undefined) return next;
  if (!sameDefinition(previous, next)) {
    throw new Error(`nft set ${next.name} changed its definition; a partial sync cannot redefine a set (needs a full sync)`);
  }
  const before = new Map(previous.elements.map((e) => [elementKey(e), e]));
  const added: SetElement[] = [];
  const deleted: SetElement[] = [];
  for (const element of next.elements) {
    const key = elementKey(element);
    const old = before.get(key);
    before.delete(key);
    if (old === undefined) {
      added.push(element);
    } else if (!sameValue(old.value, element.value)) {
      deleted.push(old);
      added.push(element);
    }
  }
  deleted.push(...before.values());
  if (added.length === 0 && deleted.length === 0) return undefined;
  return { ...next, elements: added, ...(deleted.length > 0 ? { deletedElements: deleted } : {}) };
}

import type { Family } from "../../model/ruleset.js";

/** What rule rendering needs besides the rule itself. */
export interface RuleContext {
  readonly family: Family;
  /** Print marks as `0x4000` (kube-proxy's unit tests) instead of `0x00004000` (its production code). */
  readonly shortMarks: boolean;
}

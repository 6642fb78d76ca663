import { z } from "zod";
import { cidr } from "./fields.js";

// Values of node settings that end up in rule text: checked as strictly as object fields.

/** Linux interface names (IFNAMSIZ 16, so ≤ 15 characters), restricted to characters no rule syntax treats specially. */
export const interfaceName = z.unknown().transform((value, ctx): string => {
  if (typeof value === "string" && /^[A-Za-z0-9_.@-]{1,15}$/.test(value)) return value;
  ctx.addIssue({ code: "custom", message: "is not an interface name (1–15 letters, digits, '_', '.', '@', '-')", input: value });
  return z.NEVER;
});

/** `--nodeport-addresses`: a CIDR, or `primary` (the node's primary IP). */
export const nodePortAddress = z.unknown().transform((value, ctx): string => {
  if (value === "primary") return value;
  const parsed = cidr.safeParse(value);
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: "custom", message: 'is not a CIDR or "primary"', input: value });
  return z.NEVER;
});

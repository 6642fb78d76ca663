import { z } from "zod";
import { namespaceName } from "../fields.js";

/** Objects without a namespace (hand-written YAML for `kubectl apply`) land in `default`, as kubectl puts them. */
export const defaultNamespace = "default";

export function namespacedMetadata<N extends z.ZodType<string, unknown>>(name: N) {
  return z.object({
    name,
    namespace: namespaceName.optional(),
    labels: z.record(z.string(), z.unknown()).optional(),
  });
}

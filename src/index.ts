// kprc's public library API. Keep it small: loading, compiling, rendering, parsing, and the types.
export type * from "./model/ruleset.js";
export type * from "./model/snapshot.js";
export type { ProxyConfig, DetectLocal } from "./model/config.js";
export { defaultProxyConfig } from "./model/config.js";
export type { ChainName } from "./model/names.js";
export type { Sink } from "./render/sink.js";

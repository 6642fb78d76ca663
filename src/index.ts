// kprc's public library API. Keep it small: loading, compiling, rendering, parsing, and the types.
// No function here prints, exits or touches the file system; failures are thrown as typed errors
// (InputError for snapshots and settings, ReadError for rule text).
export type * from "./model/ruleset.js";
export type * from "./model/snapshot.js";
export type { ProxyConfig, DetectLocal } from "./model/config.js";
export { defaultProxyConfig } from "./model/config.js";
export type { ChainName } from "./model/names.js";
export type { Sink } from "./render/sink.js";
export { toText } from "./render/sink.js";

// Input: YAML/JSON text → Snapshot; node settings → ProxyConfig.
export { loadSnapshot } from "./input/load-snapshot.js";
export type { LoadOptions, LoadResult, SkippedObjects, Source } from "./input/load-snapshot.js";
export { resolveProxyConfig } from "./input/proxy-config.js";
export type { ProxyConfigSources, ProxySettings } from "./input/proxy-config.js";
export { InputError } from "./input/errors.js";
export type { InputErrorCode, InputErrorDetails } from "./input/errors.js";

// Compile: Snapshot + ProxyConfig → Ruleset.
export { compile, planServicePorts } from "./compile/index.js";
export type { ServicePortPlan, PlannedEndpoint } from "./compile/index.js";
export { compileNftKube } from "./compile/nft-kube/index.js";
// Partial sync: only what changed between two snapshots (iptables-restore --noflush / nft -f).
export { compileDelta } from "./compile/delta.js";
export type { Compiler, DeltaOptions } from "./compile/delta.js";

// Render: Ruleset → text.
export { renderIptables, iptablesText } from "./render/iptables/index.js";
export type { IptablesRenderOptions, MarkFormat } from "./render/iptables/index.js";
export { renderNft, nftText } from "./render/nft/index.js";
export type { NftRenderOptions } from "./render/nft/index.js";

// Read: rule text → Ruleset (for tracing and diffing what a node holds).
export { parseIptablesSave } from "./read/iptables-save.js";
export { parseNft } from "./read/nft.js";
export type { NftParseOptions } from "./read/nft.js";
export { ReadError } from "./read/errors.js";
export type { ParseOptions } from "./read/iptables-save.js";
// Trace a packet through a Ruleset (exact outcome probabilities), compare two Rulesets by meaning.
export { trace } from "./read/trace.js";
export type { TracePacket, TraceOptions, TraceResult, TraceBranch, TraceStep, TraceOutcome, OutcomeSummary } from "./read/trace-types.js";
export type { Fraction } from "./read/fraction.js";
export { diffRulesets } from "./read/diff.js";
export type { DiffResult, Finding } from "./read/diff.js";

import type { Stats } from "./stats.js";

// What the child processes (measure-shape.ts, measure-delta.ts) report to bench/run.ts, as JSON.

export type Format = "iptables" | "nft" | "nft-kube";

export interface ShapeMeasurement {
  readonly inputBytes: number;
  readonly objects: number;
  readonly services: number;
  readonly endpoints: number;
  readonly parse: Stats;
  readonly compile: Stats;
  readonly render: Stats;
  readonly lines: number;
  readonly bytes: number;
  /** maxRSS after one parse + compile + render pass, before the repeated timing runs. */
  readonly peakRssMB: number;
  readonly nft?: { readonly render: Stats; readonly bytes: number; readonly lines: number };
  readonly nftKube?: { readonly compile: Stats; readonly render: Stats; readonly bytes: number; readonly lines: number };
  readonly errors: readonly string[];
}

export interface DeltaFormatMeasurement {
  readonly format: Format;
  /** compileDelta(previous, next): both compiles plus the chain diff. */
  readonly compileDelta: Stats;
  readonly render: Stats;
  readonly bytes: number;
  readonly lines: number;
  /** The full payload of `next` in the same format, for scale. */
  readonly fullBytes: number;
}

export interface DeltaMeasurement {
  readonly shape: string;
  readonly service: string;
  readonly serviceType: string;
  readonly ports: number;
  readonly formats: readonly DeltaFormatMeasurement[];
  readonly errors: readonly string[];
}

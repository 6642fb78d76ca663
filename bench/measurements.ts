import type { Stats } from "./stats.js";

// What the child processes (measure-shape.ts, measure-delta.ts) report to bench/run.ts, as JSON.

export type Format = "iptables" | "nft" | "nft-kube";

export interface ShapeMeasurement {
  readonly inputBytes: number;
  readonly objects: number;
  readonly services: number;
  readonly endpoints: number;
  /** parse + validate of the YAML text (`kubectl get … -o yaml`). */
  readonly parse: Stats;
  /** parse + validate of the same objects as JSON (`-o json`), which skips the YAML parser. */
  readonly parseJson: Stats;
  readonly compile: Stats;
  readonly render: Stats;
  readonly lines: number;
  readonly bytes: number;
  /** maxRSS after one parse + compile + render pass, before the repeated timing runs. */
  readonly peakRssMB: number;
  /** The same with JSON input, measured in a process of its own (bench/run.ts fills it in). */
  readonly peakRssJsonMB?: number;
  readonly nft?: { readonly render: Stats; readonly bytes: number; readonly lines: number };
  readonly nftKube?: { readonly compile: Stats; readonly render: Stats; readonly bytes: number; readonly lines: number };
  readonly errors: readonly string[];
}

export interface DeltaFormatMeasurement {
  readonly format: Format;
  /** compileDelta(previous, next) on two separately parsed snapshots (every object compared deeply). */
  readonly compileDelta: Stats;
  /** The same when `next` shares the unchanged objects with `previous`, as an informer cache does. */
  readonly compileDeltaShared: Stats;
  /** compileDelta with `strategy: "full"`: both snapshots compiled whole, then diffed. */
  readonly compileDeltaFull: Stats;
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

// Timing helpers for the benchmark scripts (never used by tests: no timing assertions there).

export interface Stats {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly runs: number;
  /**
   * Median CPU time (user + system, all threads of the process) of the same runs. On a shared,
   * busy machine wall time includes waiting for a core; CPU time is what the work itself costs.
   */
  readonly cpuMedianMs?: number;
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarise(samplesMs: readonly number[], cpuSamplesMs: readonly number[] = []): Stats {
  if (samplesMs.length === 0) throw new Error("no samples");
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const cpu = [...cpuSamplesMs].sort((a, b) => a - b);
  return {
    medianMs: median(sorted),
    minMs: sorted[0]!,
    maxMs: sorted[sorted.length - 1]!,
    runs: sorted.length,
    ...(cpu.length > 0 ? { cpuMedianMs: median(cpu) } : {}),
  };
}

/** Runs `fn` `runs` times and returns the timings plus the last result. */
export function timeRuns<T>(runs: number, fn: () => T): { stats: Stats; result: T } {
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    result = fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    const cpu = process.cpuUsage(cpuStart);
    cpuSamples.push((cpu.user + cpu.system) / 1000);
  }
  return { stats: summarise(samples, cpuSamples), result: result as T };
}

export function formatStats(s: Stats | undefined): string {
  if (!s) return "—";
  // runs: 0 marks a kernel load that was cut at the time limit.
  if (s.runs === 0) return `> ${formatMs(s.medianMs)} (cut)`;
  return `${formatMs(s.medianMs)} (${formatMs(s.minMs)}–${formatMs(s.maxMs)})`;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e4) return `${(bytes / 1e3).toFixed(0)} KB`;
  return `${bytes} B`;
}

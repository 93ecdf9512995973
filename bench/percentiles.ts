// Summaries of timing samples, and how the table prints them.

/** The value at quantile q (0–1) of the samples, by the nearest-rank method; NaN when empty. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

export const mb = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** "p50 12 ms · p99 40 ms" */
export const p50p99 = (samples: readonly number[]): string => `p50 ${ms(quantile(samples, 0.5))} · p99 ${ms(quantile(samples, 0.99))}`;

// What one benchmark reports: rows of figure / measured value / target, for the shared table.
export interface BenchRow {
  figure: string;
  value: string;
  target: string;
  /** null when the row is informational (no target). */
  ok: boolean | null;
}

export interface BenchSection {
  title: string;
  rows: BenchRow[];
  /** Free text for bench/results.md: what was measured and how. */
  notes?: string;
}

export type Benchmark = () => Promise<BenchSection>;

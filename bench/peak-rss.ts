// Peak resident memory of this process since a chosen moment. Linux lets a process reset its own
// high-water mark (write "5" to /proc/self/clear_refs, then read VmHWM), so a figure can be one
// operation's peak rather than the process's lifetime peak. Elsewhere getrusage's maxRSS is the
// fallback: a lifetime peak, which can only make a later operation's growth look smaller.
import { readFileSync, writeFileSync } from "node:fs";

/** Starts a new peak window; returns false where the OS cannot (the fallback is then in use). */
export function resetPeakRss(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** The highest RSS, in bytes, since the last reset (or since the process started). */
export function peakRss(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match?.[1]) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS * 1024;
}

type Gc = (options?: { type: "major" | "minor" }) => void;

/** A full collection, when the process was started with --expose-gc: before measuring memory. */
export function collectGarbage(): void {
  (globalThis as { gc?: Gc }).gc?.();
}

/**
 * Empties the young generation only (--expose-gc): before each timed run, so no run pays for the
 * last one's garbage. A full collection would also make V8 drop compiled code and type feedback
 * for functions run once per report, timing them colder than any running bot sees them.
 */
export function collectYoungGarbage(): void {
  (globalThis as { gc?: Gc }).gc?.({ type: "minor" });
}

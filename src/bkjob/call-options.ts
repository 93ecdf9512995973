// What a read hands each of its BK-JOB calls: the caller's signal and the gate they wait at.
import type { CallOptions, ReadOptions } from "../ports/job-api.js";

export function callOptionsOf(options: ReadOptions): CallOptions | undefined {
  if (!options.signal && !options.gate) return undefined;
  return { ...(options.signal ? { signal: options.signal } : {}), ...(options.gate ? { gate: options.gate } : {}) };
}

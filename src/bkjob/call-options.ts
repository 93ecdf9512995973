// What a read hands each of its BK-JOB calls: the caller's signal, the gate they wait at, and
// whether they may still be made.
import type { CallOptions, ReadOptions } from "../ports/job-api.js";

export function callOptionsOf(options: ReadOptions): CallOptions | undefined {
  if (!options.signal && !options.gate && !options.mayProceed) return undefined;
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.gate ? { gate: options.gate } : {}),
    ...(options.mayProceed ? { mayProceed: options.mayProceed } : {}),
  };
}

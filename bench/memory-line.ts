// The stdout line a bot process preloaded with bench/gc-on-signal.ts writes after a full collection.
export const MEMORY_LINE = "bench: memory after a full collection";

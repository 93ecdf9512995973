// The environment variables joblog reads, found by asking the configuration code itself: every
// key loadConfig and loadLocalModeConfig read from the environment they are given.
import { loadConfig, loadLocalModeConfig } from "../../src/config.js";

export function configVariables(): string[] {
  const seen = new Set<string>();
  const environment = new Proxy({} as Record<string, string | undefined>, {
    get: (_target, key) => {
      if (typeof key === "string") seen.add(key);
      return undefined;
    },
  });
  loadConfig(environment);
  loadLocalModeConfig(environment);
  return [...seen].sort();
}

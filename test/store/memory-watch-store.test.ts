import { MemoryWatchStore } from "../../src/store/memory-watch-store.js";
import { watchStoreContract } from "./watch-store.contract.js";

watchStoreContract("memory", { open: async () => new MemoryWatchStore() });

import { MemoryFollowStore } from "../../src/store/memory-follow-store.js";
import { followStoreContract } from "./follow-store.contract.js";

followStoreContract("memory", { open: async () => new MemoryFollowStore() });

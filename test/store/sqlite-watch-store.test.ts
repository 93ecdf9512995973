import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteWatchStore } from "../../src/store/sqlite-watch-store.js";
import { watchStoreContract } from "./watch-store.contract.js";

let path = "";
watchStoreContract("sqlite", {
  open: async () => {
    path = join(mkdtempSync(join(tmpdir(), "joblog-watch-store-")), "joblog.db");
    return new SqliteWatchStore(path);
  },
  reopen: async () => new SqliteWatchStore(path),
});

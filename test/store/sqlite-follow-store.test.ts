import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteFollowStore } from "../../src/store/sqlite-follow-store.js";
import { followStoreContract } from "./follow-store.contract.js";

const folder = mkdtempSync(join(tmpdir(), "joblog-store-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let counter = 0;
let current = "";

followStoreContract("SQLite", {
  open: async () => {
    counter += 1;
    current = join(folder, `nested-${counter}`, "joblog.db");
    return new SqliteFollowStore(current);
  },
  reopen: async () => new SqliteFollowStore(current),
});

describe("SQLite follow store file", () => {
  it("creates its folder and file on first start", async () => {
    const path = join(folder, "fresh", "deeper", "joblog.db");
    const store = new SqliteFollowStore(path);
    await store.close();
    const again = new SqliteFollowStore(path);
    expect(await again.listActive()).toEqual([]);
    await again.close();
  });
});

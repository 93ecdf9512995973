// The watch store in the follows' SQLite file (JOBLOG_DB_PATH, its own tables): watches and the
// runs each has posted survive restarts. A claim is one INSERT OR IGNORE, so two tries at the
// same run cannot both see "new".
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { DeliveryState, WatchRecord } from "../core/watch-model.js";
import type { WatchStore } from "../ports/watch-store.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS watches (
  id TEXT PRIMARY KEY,
  team TEXT,
  biz_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  all_runs INTEGER NOT NULL,
  channel_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS watches_active_channel_biz_name
  ON watches (channel_id, biz_id, name) WHERE ended_at IS NULL;
CREATE TABLE IF NOT EXISTS watch_deliveries (
  watch_id TEXT NOT NULL,
  job_instance_id INTEGER NOT NULL,
  claimed_at INTEGER NOT NULL,
  posted_ts TEXT,
  PRIMARY KEY (watch_id, job_instance_id)
);
`;

interface WatchRow {
  id: string;
  team: string | null;
  biz_id: number;
  name: string;
  all_runs: number;
  channel_id: string;
  created_by: string;
  created_at: number;
  ended_at: number | null;
}

const recordOf = (row: WatchRow): WatchRecord => ({
  id: row.id,
  team: row.team,
  bizId: row.biz_id,
  // "" stands for "every name", so the unique index covers it (NULLs are all distinct in SQLite).
  name: row.name === "" ? null : row.name,
  all: row.all_runs === 1,
  channelId: row.channel_id,
  createdBy: row.created_by,
  createdAt: row.created_at,
  endedAt: row.ended_at,
});

export class SqliteWatchStore implements WatchStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(SCHEMA);
  }

  async create(watch: WatchRecord): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO watches (id, team, biz_id, name, all_runs, channel_id, created_by, created_at, ended_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(watch.id, watch.team, watch.bizId, watch.name ?? "", watch.all ? 1 : 0, watch.channelId, watch.createdBy, watch.createdAt, watch.endedAt);
    return result.changes === 1;
  }

  async get(id: string): Promise<WatchRecord | null> {
    const row = this.db.prepare(`SELECT * FROM watches WHERE id = ?`).get(id) as WatchRow | undefined;
    return row ? recordOf(row) : null;
  }

  async findActive(channelId: string, bizId: number, name: string | null): Promise<WatchRecord | null> {
    const row = this.db
      .prepare(`SELECT * FROM watches WHERE channel_id = ? AND biz_id = ? AND name = ? AND ended_at IS NULL`)
      .get(channelId, bizId, name ?? "") as WatchRow | undefined;
    return row ? recordOf(row) : null;
  }

  async listActive(): Promise<WatchRecord[]> {
    return (this.db.prepare(`SELECT * FROM watches WHERE ended_at IS NULL ORDER BY created_at, id`).all() as WatchRow[]).map(recordOf);
  }

  async end(id: string, at: number): Promise<boolean> {
    return this.db.prepare(`UPDATE watches SET ended_at = ? WHERE id = ? AND ended_at IS NULL`).run(at, id).changes === 1;
  }

  async claimDelivery(watchId: string, jobInstanceId: number, at: number): Promise<DeliveryState> {
    const inserted = this.db
      .prepare(`INSERT OR IGNORE INTO watch_deliveries (watch_id, job_instance_id, claimed_at, posted_ts) VALUES (?, ?, ?, NULL)`)
      .run(watchId, jobInstanceId, at);
    if (inserted.changes === 1) return "new";
    const row = this.db.prepare(`SELECT posted_ts FROM watch_deliveries WHERE watch_id = ? AND job_instance_id = ?`).get(watchId, jobInstanceId) as
      | { posted_ts: string | null }
      | undefined;
    return row?.posted_ts ? "posted" : "pending";
  }

  async markDelivered(watchId: string, jobInstanceId: number, ts: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO watch_deliveries (watch_id, job_instance_id, claimed_at, posted_ts) VALUES (?, ?, 0, ?)
         ON CONFLICT (watch_id, job_instance_id) DO UPDATE SET posted_ts = excluded.posted_ts`,
      )
      .run(watchId, jobInstanceId, ts);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

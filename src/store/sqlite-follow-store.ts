// The follow store in an embedded SQLite file (better-sqlite3): follows and their outbox survive
// restarts and crashes. Each method is one statement or one transaction, so a kill at any point
// leaves a consistent file (WAL journal).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { EndReason, FollowRecord, OutboxEntry, PostedState } from "../core/follow-model.js";
import type { JobRef } from "../core/job-ref.js";
import type { FollowStore } from "../ports/follow-store.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS follows (
  id TEXT PRIMARY KEY,
  biz_id INTEGER NOT NULL,
  job_instance_id INTEGER NOT NULL,
  channel_id TEXT NOT NULL,
  started_by TEXT NOT NULL,
  failures_only INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  deadline_at INTEGER NOT NULL,
  parent_ts TEXT,
  posted TEXT NOT NULL,
  ended_at INTEGER,
  end_reason TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS follows_active_job_channel
  ON follows (biz_id, job_instance_id, channel_id) WHERE ended_at IS NULL;
CREATE TABLE IF NOT EXISTS outbox (
  follow_id TEXT NOT NULL,
  key TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  state_after TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  posted_ts TEXT,
  PRIMARY KEY (follow_id, key)
);
`;

interface FollowRow {
  id: string;
  biz_id: number;
  job_instance_id: number;
  channel_id: string;
  started_by: string;
  failures_only: number;
  created_at: number;
  deadline_at: number;
  parent_ts: string | null;
  posted: string;
  ended_at: number | null;
  end_reason: string | null;
}

interface OutboxRow {
  follow_id: string;
  key: string;
  kind: string;
  payload: string;
  state_after: string;
  created_at: number;
  posted_ts: string | null;
}

const toFollow = (row: FollowRow): FollowRecord => ({
  id: row.id,
  ref: { bizId: row.biz_id, jobInstanceId: row.job_instance_id },
  channelId: row.channel_id,
  startedBy: row.started_by,
  failuresOnly: row.failures_only === 1,
  createdAt: row.created_at,
  deadlineAt: row.deadline_at,
  parentTs: row.parent_ts,
  posted: JSON.parse(row.posted) as PostedState,
  endedAt: row.ended_at,
  endReason: row.end_reason as EndReason | null,
});

const toOutbox = (row: OutboxRow): OutboxEntry => ({
  followId: row.follow_id,
  key: row.key,
  kind: row.kind as OutboxEntry["kind"],
  payload: JSON.parse(row.payload) as OutboxEntry["payload"],
  stateAfter: JSON.parse(row.state_after) as PostedState,
  createdAt: row.created_at,
  postedTs: row.posted_ts,
});

export class SqliteFollowStore implements FollowStore {
  private readonly db: Database.Database;
  private sequence = 0;

  /** Opens (and on first start creates) the database file and its folder. */
  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(SCHEMA);
    const row = this.db.prepare("SELECT COALESCE(MAX(seq), 0) AS seq FROM outbox").get() as { seq: number };
    this.sequence = row.seq;
  }

  async create(follow: FollowRecord): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO follows (id, biz_id, job_instance_id, channel_id, started_by, failures_only, created_at, deadline_at, parent_ts, posted, ended_at, end_reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        follow.id,
        follow.ref.bizId,
        follow.ref.jobInstanceId,
        follow.channelId,
        follow.startedBy,
        follow.failuresOnly ? 1 : 0,
        follow.createdAt,
        follow.deadlineAt,
        follow.parentTs,
        JSON.stringify(follow.posted),
        follow.endedAt,
        follow.endReason,
      );
    return result.changes === 1;
  }

  async get(id: string): Promise<FollowRecord | null> {
    const row = this.db.prepare("SELECT * FROM follows WHERE id = ?").get(id) as FollowRow | undefined;
    return row ? toFollow(row) : null;
  }

  async findActive(ref: JobRef, channelId: string): Promise<FollowRecord | null> {
    const row = this.db
      .prepare("SELECT * FROM follows WHERE biz_id = ? AND job_instance_id = ? AND channel_id = ? AND ended_at IS NULL")
      .get(ref.bizId, ref.jobInstanceId, channelId) as FollowRow | undefined;
    return row ? toFollow(row) : null;
  }

  async listActive(): Promise<FollowRecord[]> {
    const rows = this.db.prepare("SELECT * FROM follows WHERE ended_at IS NULL ORDER BY created_at, id").all() as FollowRow[];
    return rows.map(toFollow);
  }

  async setParent(id: string, ts: string): Promise<void> {
    this.db.prepare("UPDATE follows SET parent_ts = ? WHERE id = ?").run(ts, id);
  }

  async setFailuresOnly(id: string, failuresOnly: boolean): Promise<void> {
    this.db.prepare("UPDATE follows SET failures_only = ? WHERE id = ?").run(failuresOnly ? 1 : 0, id);
  }

  async end(id: string, reason: EndReason, at: number): Promise<void> {
    this.db.prepare("UPDATE follows SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL").run(at, reason, id);
  }

  async addOutbox(entry: OutboxEntry): Promise<boolean> {
    this.sequence += 1;
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO outbox (follow_id, key, kind, payload, state_after, created_at, seq, posted_ts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(entry.followId, entry.key, entry.kind, JSON.stringify(entry.payload), JSON.stringify(entry.stateAfter), entry.createdAt, this.sequence, entry.postedTs);
    return result.changes === 1;
  }

  async pendingOutbox(followId: string): Promise<OutboxEntry[]> {
    const rows = this.db
      .prepare("SELECT * FROM outbox WHERE follow_id = ? AND posted_ts IS NULL ORDER BY seq")
      .all(followId) as OutboxRow[];
    return rows.map(toOutbox);
  }

  async markPosted(followId: string, key: string, ts: string, stateAfter: PostedState): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare("UPDATE outbox SET posted_ts = ? WHERE follow_id = ? AND key = ?").run(ts, followId, key);
      this.db.prepare("UPDATE follows SET posted = ? WHERE id = ?").run(JSON.stringify(stateAfter), followId);
    })();
  }

  async dropOutbox(followId: string, key: string): Promise<void> {
    this.db.prepare("DELETE FROM outbox WHERE follow_id = ? AND key = ?").run(followId, key);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

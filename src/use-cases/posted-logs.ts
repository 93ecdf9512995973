// Host logs already posted to a thread as a file, so "Post full log to thread" pressed twice (or
// by two people, or twice at once) uploads the file once and then points at it. Kept in memory:
// after a restart a third press posts it again, which is the lesser harm than never posting.
import type { Clock } from "../ports/clock.js";

export type PostOutcome = { ok: true; link: string | null } | { ok: false; reason: string };

/** How long a post is remembered, and how many. */
const REMEMBER_MS = 24 * 60 * 60_000;
const MAX_REMEMBERED = 2_000;

interface Entry {
  at: number;
  outcome: Promise<PostOutcome>;
}

export class PostedLogs {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  /**
   * Runs `post` unless the same log went (or is going) to the same place: then its outcome is
   * shared and `fresh` is false. A failed post is forgotten, so pressing again tries again.
   */
  async once(key: string, post: () => Promise<PostOutcome>): Promise<{ fresh: boolean; outcome: PostOutcome }> {
    this.forgetOld();
    const known = this.entries.get(key);
    if (known) return { fresh: false, outcome: await known.outcome };
    const outcome = post().catch((error: unknown): PostOutcome => ({ ok: false, reason: error instanceof Error ? error.message : String(error) }));
    this.entries.set(key, { at: this.clock.now(), outcome });
    const settled = await outcome;
    if (!settled.ok) this.entries.delete(key);
    return { fresh: true, outcome: settled };
  }

  private forgetOld(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) {
      // Insertion order: the first young entry means the rest are younger.
      if (now - entry.at <= REMEMBER_MS && this.entries.size <= MAX_REMEMBERED) break;
      this.entries.delete(key);
    }
  }
}

// What joblog asks Slack about people and channels (users.info, conversations.info: the
// SlackDirectoryApi port) with a TTL cache, so a busy channel costs one lookup per person per few
// minutes.
import type { Clock } from "../ports/clock.js";
import type { ChannelKind } from "../core/access-model.js";
import type { SlackDirectoryApi } from "../ports/slack-directory.js";

interface Cached<T> {
  value: T;
  at: number;
}

const MAX_ENTRIES = 20_000;

class TtlCache<T> {
  private readonly entries = new Map<string, Cached<T>>();
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}
  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.clock.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }
  set(key: string, value: T): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, at: this.clock.now() });
  }
}

export type EmailLookup = { ok: true; email: string | null } | { ok: false };

export class SlackDirectory {
  private readonly emails: TtlCache<string | null>;
  private readonly kinds: TtlCache<ChannelKind>;

  constructor(
    private readonly api: SlackDirectoryApi,
    clock: Clock,
    ttlMs = 10 * 60_000,
  ) {
    this.emails = new TtlCache(clock, ttlMs);
    this.kinds = new TtlCache(clock, ttlMs);
  }

  /** The user's profile e-mail; a failed lookup is not cached (Slack may be back in a second). */
  async userEmail(userId: string): Promise<EmailLookup> {
    const cached = this.emails.get(userId);
    if (cached !== undefined) return { ok: true, email: cached };
    try {
      const email = await this.api.userEmail(userId);
      this.emails.set(userId, email);
      return { ok: true, email };
    } catch {
      return { ok: false };
    }
  }

  /**
   * What kind of channel a request came from. Slack's own hint wins when it has one (slash
   * commands and buttons send channel_name "directmessage" / "privategroup" / "mpdm-…"); else
   * conversations.info. Anything unknown counts as public: the strictest reading.
   */
  async channelKind(channelId: string, nameHint?: string | null): Promise<ChannelKind> {
    const hinted = kindFromHint(channelId, nameHint ?? null);
    if (hinted) return hinted;
    const cached = this.kinds.get(channelId);
    if (cached) return cached;
    try {
      const kind = await this.api.channelKind(channelId);
      this.kinds.set(channelId, kind);
      return kind;
    } catch {
      return "public";
    }
  }
}

export function kindFromHint(channelId: string, name: string | null): ChannelKind | null {
  if (name === "directmessage" || channelId.startsWith("D")) return "dm";
  if (name === "privategroup" || name?.startsWith("mpdm-")) return "private";
  // A slash command names a public channel by its name; a private one is never named that way.
  if (name !== null && name !== "") return "public";
  return null;
}

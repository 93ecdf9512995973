// What the access rules decide about, as plain data: where a request comes from, and why one is
// refused. The rules themselves are src/access/; the words a refusal reads are src/render/.

/** Where a request came from, as far as the rules care. */
export type ChannelKind = "dm" | "private" | "public";

export interface Where {
  channelId: string;
  kind: ChannelKind;
}

/** Why joblog will not answer a request: a rate limit, no BlueKing identity, or an access rule. */
export type Denial =
  | { kind: "rate_limited"; scope: "user" | "channel"; retryAfterSeconds: number }
  | { kind: "no_identity"; reason: "not_mapped" | "no_email" | "lookup_failed" }
  | { kind: "access"; reason: "channel" | "follow" | "logs" | "operate" | "no_rule" | "watch"; rule: string; bizId: number };

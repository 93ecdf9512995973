// What a log modal remembers between clicks, kept in its private_metadata (≤ 3,000 characters):
// which host, which page, where "post to thread" should post, the hosts its picker offers, and
// whether this log was posted to the thread already.
import { z } from "zod";
import { decodeHostRef, encodeHostRef, packHostRef } from "../core/host-ref.js";
import type { HostRef } from "../core/report-model.js";
import { SLACK_LIMITS } from "../render/limits.js";

export interface HostChoice {
  host: HostRef;
  /** What the picker shows for it (≤ 75 characters, Slack's option text limit). */
  label: string;
}

export interface LogModalState {
  host: HostRef;
  page: number;
  channelId: string | null;
  threadTs: string | null;
  /** The hosts the picker offers (the shown one among them), and why these. Absent: no picker. */
  choices?: { kind: "failing" | "recent"; hosts: HostChoice[] };
  /** Set once the full log went to the thread: its link, or null when Slack gave none. */
  posted?: { link: string | null };
}

/** Slack's limit on private_metadata. */
const MAX_METADATA = 3_000;

const packed = z.object({
  h: z.string(),
  p: z.number().int().min(0),
  c: z.string().max(40).nullable(),
  t: z.string().max(40).nullable(),
  k: z.enum(["failing", "recent"]).optional(),
  o: z
    .array(z.tuple([z.unknown(), z.string().max(SLACK_LIMITS.optionText)]))
    .max(100)
    .optional(),
  d: z.url().max(1_000).nullable().optional(),
});

function pack(state: LogModalState, choices: HostChoice[]): string {
  return JSON.stringify({
    h: encodeHostRef(state.host),
    p: state.page,
    c: state.channelId,
    t: state.threadTs,
    ...(state.choices && choices.length > 0 ? { k: state.choices.kind, o: choices.map((choice) => [packHostRef(choice.host), choice.label]) } : {}),
    ...(state.posted ? { d: state.posted.link } : {}),
  });
}

export function encodeLogModalState(state: LogModalState): string {
  // The picker gives way first: fewer choices rather than metadata Slack would refuse.
  const choices = [...(state.choices?.hosts ?? [])];
  let encoded = pack(state, choices);
  while (encoded.length > MAX_METADATA && choices.length > 0) {
    choices.pop();
    encoded = pack(state, choices);
  }
  return encoded;
}

export function decodeLogModalState(metadata: string | undefined): LogModalState | null {
  if (!metadata) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(metadata);
  } catch {
    return null;
  }
  const parsed = packed.safeParse(raw);
  if (!parsed.success) return null;
  const host = decodeHostRef(parsed.data.h);
  if (!host) return null;
  const state: LogModalState = { host, page: parsed.data.p, channelId: parsed.data.c, threadTs: parsed.data.t };
  if (parsed.data.k && parsed.data.o) {
    const hosts: HostChoice[] = [];
    for (const [value, label] of parsed.data.o) {
      const choice = decodeHostRef(value);
      if (!choice) return null;
      hosts.push({ host: choice, label });
    }
    state.choices = { kind: parsed.data.k, hosts };
  }
  if (parsed.data.d !== undefined) state.posted = { link: parsed.data.d };
  return state;
}

// What a log modal remembers between clicks, kept in its private_metadata (≤ 3,000 characters):
// which host, which page, and where "post to thread" should post.
import { z } from "zod";
import { decodeHostRef, encodeHostRef } from "../core/host-ref.js";
import type { HostRef } from "../core/report-model.js";

export interface LogModalState {
  host: HostRef;
  page: number;
  channelId: string | null;
  threadTs: string | null;
}

const packed = z.object({
  h: z.string(),
  p: z.number().int().min(0),
  c: z.string().max(40).nullable(),
  t: z.string().max(40).nullable(),
});

export function encodeLogModalState(state: LogModalState): string {
  return JSON.stringify({ h: encodeHostRef(state.host), p: state.page, c: state.channelId, t: state.threadTs });
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
  return { host, page: parsed.data.p, channelId: parsed.data.c, threadTs: parsed.data.t };
}

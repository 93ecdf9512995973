// The richest message that fits Slack's limits: a renderer lays out a head, some detail and a
// tail, and the detail shrinks plan by plan (from the most hosts and lines to none) until the
// whole message passes the limits table. Pure.
import type { KnownBlock } from "@slack/types";
import type { SlackMessage } from "../core/slack-message.js";
import { context } from "./block-kit.js";
import { validateMessage } from "./limits.js";

/** How many hosts show detail (log tail, matching lines), and how many lines and characters each. */
export interface DetailPlan {
  hosts: number;
  lines: number;
  chars: number;
}

/** Plans from the richest to the plainest, each `[hosts, lines, chars]`; the last should show none. */
export const detailPlans = (...plans: [hosts: number, lines: number, chars: number][]): readonly DetailPlan[] =>
  plans.map(([hosts, lines, chars]) => ({ hosts, lines, chars }));

export interface MessageLayout {
  text: string;
  head: KnownBlock[];
  tail: KnownBlock[];
  /** Head blocks kept when even the plainest plan does not fit. */
  headKept: number;
  /** The note that stands for what was left out then. */
  omitted: string;
}

export function fittedMessage(layout: MessageLayout, plans: readonly DetailPlan[], detail: (plan: DetailPlan) => KnownBlock[]): SlackMessage {
  const { text, head, tail } = layout;
  for (const plan of plans) {
    const message = { text, blocks: [...head, ...detail(plan), ...tail] };
    if (validateMessage(message).length === 0) return message;
  }
  // Unreachable with the renderers' caps; kept so an unforeseen input still yields a valid message.
  return { text, blocks: [...head.slice(0, layout.headKept), context([layout.omitted]), ...tail] };
}

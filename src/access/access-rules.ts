// Who may ask about which business, from where, and where log text may appear: the access file's
// schema (zod) and the pure decisions made from it. The first rule naming a business decides for
// it; a business no rule names is refused. With no access file, everything is allowed.
import { z } from "zod";
import type { Where } from "../core/access-model.js";

const CHANNEL_KINDS = ["dm", "private", "public", "*"] as const;
const LOG_PLACES = ["everywhere", "private-and-dm", "dm", "nowhere"] as const;
export type LogPlaces = (typeof LOG_PLACES)[number];

const businessId = z.number({ message: "expected a business id (a whole number)" }).int("expected a whole number").positive("expected a positive id");
const channelEntry = z
  .string({ message: "expected a channel id (C…, G…, D…) or one of dm, private, public, *" })
  .trim()
  .refine((value) => (CHANNEL_KINDS as readonly string[]).includes(value) || /^[CGD][A-Z0-9]{2,}$/.test(value), {
    message: "expected a channel id (C…, G…, D…) or one of dm, private, public, *",
  });
const userEntry = z
  .string({ message: "expected a Slack user id (U…, W…) or *" })
  .trim()
  .refine((value) => value === "*" || /^[UW][A-Z0-9]{2,}$/.test(value), { message: "expected a Slack user id (U…, W…) or *" });

const ruleSchema = z.strictObject({
  /** Shown in denials ("access rule payments"); defaults to rules[i]. */
  name: z.string().trim().min(1).max(80).optional(),
  // "*" alone stands for every business; a list may hold ids (and "*").
  businesses: z.preprocess(
    (value) => (value === "*" ? ["*"] : value),
    z
      .array(z.union([z.literal("*"), businessId], { message: 'expected a business id (a whole number) or "*"' }), {
        message: 'expected an array of business ids, or "*"',
      })
      .min(1, "expected at least one business id"),
  ),
  /** Where these businesses may be queried from. Default: everywhere. */
  channels: z.array(channelEntry, { message: "expected an array of channel ids or dm, private, public, *" }).min(1, "expected at least one entry").default(["*"]),
  /** Who may follow these businesses' jobs. Default: everyone who may query them. */
  followers: z.array(userEntry, { message: "expected an array of Slack user ids, or [\"*\"]" }).default(["*"]),
  /** Where their log text (tails, Show log, files, grep lines) may appear. Default: everywhere. */
  logs: z.enum(LOG_PLACES, { message: `expected one of ${LOG_PLACES.join(", ")}` }).default("everywhere"),
  /** Who may act on these businesses' jobs from Slack (retry, ignore, skip, confirm, terminate). Default: nobody. */
  operators: z.array(userEntry, { message: "expected an array of Slack user ids, or [\"*\"]" }).default([]),
  /** Who may start a watch of these businesses (from channels `channels:` allows). Default: everyone. */
  watchers: z.array(userEntry, { message: "expected an array of Slack user ids, or [\"*\"]" }).default(["*"]),
});

/**
 * A site-specific secret pattern (`redact:`): a JavaScript regular expression, optionally
 * starting with `(?i)` (as in gitleaks and Go) for case-insensitive. Every match is masked whole.
 */
export function compileRedactPattern(text: string): RegExp {
  const insensitive = text.startsWith("(?i)");
  return new RegExp(insensitive ? text.slice(4) : text, insensitive ? "gi" : "g");
}

const redactPattern = z.string({ message: "expected a regular expression (a string)" }).superRefine((text, ctx) => {
  let pattern: RegExp;
  try {
    pattern = compileRedactPattern(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, "")}` });
    return;
  }
  // A pattern that matches nothing at all would mask nothing, silently: say so.
  if (pattern.test("")) ctx.addIssue({ code: "custom", message: "this pattern matches empty text; it must match the secret itself" });
});

export const accessFileSchema = z.strictObject({
  rules: z.array(ruleSchema, { message: "expected a list of rules" }).default([]),
  /** Slack user id → BlueKing username; overrides the e-mail's local part (JOBLOG_IDENTITY). */
  users: z
    .record(userEntry.refine((value) => value !== "*", { message: "expected a Slack user id (U…, W…)" }), z.string({ message: "expected a BlueKing username" }).trim().min(1, "expected a BlueKing username"))
    .default({}),
  /** Site-specific secret patterns, masked in every log like the built-in ones. */
  redact: z.array(redactPattern, { message: "expected a list of regular expressions" }).default([]),
});

export type AccessFile = z.infer<typeof accessFileSchema>;

/** The access file's `redact:` patterns, ready for the redactor. */
export const redactPatterns = (file: AccessFile): RegExp[] => file.redact.map(compileRedactPattern);
type Rule = AccessFile["rules"][number];

export type AccessDecision = { allowed: true } | { allowed: false; reason: "channel" | "follow" | "logs" | "operate" | "no_rule" | "watch"; rule: string };

const ALLOWED: AccessDecision = { allowed: true };

function channelMatches(entries: readonly string[], where: Where): boolean {
  return entries.some((entry) => entry === "*" || entry === where.kind || entry === where.channelId);
}

function logsMatch(places: LogPlaces, where: Where): boolean {
  switch (places) {
    case "everywhere":
      return true;
    case "private-and-dm":
      return where.kind !== "public";
    case "dm":
      return where.kind === "dm";
    case "nowhere":
      return false;
  }
}

export interface AccessPolicy {
  /** False when no access file was given: everything is allowed. */
  readonly configured: boolean;
  mayQuery(bizId: number, where: Where): AccessDecision;
  mayFollow(bizId: number, userId: string, where: Where): AccessDecision;
  /** Whether this person may start a watch of the business from this channel (`watchers:`). */
  mayWatch(bizId: number, userId: string, where: Where): AccessDecision;
  /** Whether log text of this business may appear in this channel. */
  mayShowLogs(bizId: number, where: Where): AccessDecision;
  /** The BlueKing username the file maps this Slack user to, if any. */
  mappedUser(userId: string): string | null;
  /** Whether this Slack user may act on this business's jobs from here (the rule's `operators:`). */
  mayOperate(bizId: number, userId: string, where: Where): AccessDecision;
  /** Whether the business's rule names any operator at all: action buttons are offered only then. */
  operatorsNamed(bizId: number): boolean;
}

export const ALLOW_EVERYTHING: AccessPolicy = {
  configured: false,
  mayQuery: () => ALLOWED,
  mayFollow: () => ALLOWED,
  mayWatch: () => ALLOWED,
  mayShowLogs: () => ALLOWED,
  mappedUser: () => null,
  // Acting is never allowed without an access file: upgrading joblog gives nobody new power.
  mayOperate: () => ({ allowed: false, reason: "operate", rule: "" }),
  operatorsNamed: () => false,
};

export function createAccessPolicy(file: AccessFile): AccessPolicy {
  const named = file.rules.map((rule, index) => ({ rule, name: rule.name ?? `rules[${index}]` }));
  const ruleFor = (bizId: number): { rule: Rule; name: string } | null =>
    named.find(({ rule }) => rule.businesses.includes("*") || rule.businesses.includes(bizId)) ?? null;
  const query = (bizId: number, where: Where): AccessDecision => {
    const found = ruleFor(bizId);
    if (!found) return { allowed: false, reason: "no_rule", rule: "" };
    return channelMatches(found.rule.channels, where) ? ALLOWED : { allowed: false, reason: "channel", rule: found.name };
  };
  return {
    configured: true,
    mayQuery: query,
    mayFollow(bizId, userId, where) {
      const asked = query(bizId, where);
      if (!asked.allowed) return asked;
      const found = ruleFor(bizId)!;
      const allowed = found.rule.followers.some((entry) => entry === "*" || entry === userId);
      return allowed ? ALLOWED : { allowed: false, reason: "follow", rule: found.name };
    },
    mayWatch(bizId, userId, where) {
      const asked = query(bizId, where);
      if (!asked.allowed) return asked;
      const found = ruleFor(bizId)!;
      const allowed = found.rule.watchers.some((entry) => entry === "*" || entry === userId);
      return allowed ? ALLOWED : { allowed: false, reason: "watch", rule: found.name };
    },
    mayShowLogs(bizId, where) {
      const asked = query(bizId, where);
      if (!asked.allowed) return asked;
      const found = ruleFor(bizId)!;
      return logsMatch(found.rule.logs, where) ? ALLOWED : { allowed: false, reason: "logs", rule: found.name };
    },
    mappedUser: (userId) => file.users[userId] ?? null,
    mayOperate(bizId, userId, where) {
      const asked = query(bizId, where);
      if (!asked.allowed) return asked;
      const found = ruleFor(bizId)!;
      const allowed = found.rule.operators.some((entry) => entry === "*" || entry === userId);
      return allowed ? ALLOWED : { allowed: false, reason: "operate", rule: found.name };
    },
    operatorsNamed: (bizId) => (ruleFor(bizId)?.rule.operators.length ?? 0) > 0,
  };
}

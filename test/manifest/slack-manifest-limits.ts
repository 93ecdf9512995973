// What Slack accepts in an app manifest, as a zod schema written from Slack's App manifest
// reference (https://docs.slack.dev/reference/app-manifest) and checked against the exact numbers
// of Slack's published JSON schema for manifest version 1
// (https://github.com/slackapi/manifest-schema/blob/main/schemas/manifest.schema.1.0.0.json).
// Only the sections joblog uses are spelled out; every key Slack's schema allows elsewhere is
// listed so that a misspelt key fails as it would at api.slack.com (the schema's objects are
// `additionalProperties: false`). Nothing here comes from joblog's code.
import { z } from "zod";

const REFERENCE = "https://docs.slack.dev/reference/app-manifest";

/** Length in characters as Slack's JSON schema counts them (code points, so 蓝鲸 is 2). */
const text = (min: number, max: number, what: string) =>
  z.string().refine((value) => {
    const length = [...value].length;
    return length >= min && length <= max;
  }, `${what} must be ${min}–${max} characters (${REFERENCE})`);

// Request URLs: "A string containing the full https URL" (reference), pattern ^https?:// in the schema.
const url = (max: number, what: string) =>
  z.string().regex(/^https:\/\/[^/\s]+/, `${what} must be a full https URL (${REFERENCE})`).max(max, `${what} is longer than ${max} characters (${REFERENCE})`);

const anything = z.unknown().optional();

const displayInformation = z.strictObject({
  // "A string of the name of the app. Maximum length is 35 characters." (schema: 1–35)
  name: text(1, 35, "display_information.name"),
  // "Maximum length is 140 characters." (schema: 1–140)
  description: text(1, 140, "display_information.description").optional(),
  // The reference: at most 4,000 characters, and App Settings refuses one under its minimum;
  // the schema's minLength is 175.
  long_description: text(175, 4000, "display_information.long_description").optional(),
  // "Can be 3-digit (#000) or 6-digit (#000000) hex values."
  background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/, `background_color must be #rgb or #rrggbb (${REFERENCE})`).optional(),
});

const slashCommand = z.strictObject({
  // "Maximum length is 32 characters, and should include the leading / character." (schema: 2–32, ^/)
  command: text(2, 32, "slash command").refine((value) => value.startsWith("/"), `a slash command starts with "/" (${REFERENCE})`),
  // "Maximum length is 2000 characters." Required by the schema.
  description: text(1, 2000, "slash command description"),
  // "A string a short usage hint … Maximum length is 1000 characters."
  usage_hint: text(1, 1000, "slash command usage_hint").optional(),
  url: url(3000, "slash command url").optional(),
  should_escape: z.boolean().optional(),
});

const features = z.strictObject({
  bot_user: z
    .strictObject({
      // "Maximum length is 80 characters. Allowed characters: a-z, 0-9, -, _, and ."
      display_name: text(1, 80, "bot_user.display_name").refine((value) => /^[a-z0-9._-]+$/.test(value), `bot_user.display_name allows a-z, 0-9, -, _ and . (${REFERENCE})`),
      always_online: z.boolean().optional(),
    })
    .optional(),
  // "A maximum of 50 slash commands can be included in this array." (schema: 1–50)
  slash_commands: z.array(slashCommand).min(1).max(50, `at most 50 slash commands (${REFERENCE})`).optional(),
  // "A maximum of 5 unfurl domains can be included in this array." (schema: 1–5, unique, host names)
  unfurl_domains: z
    .array(z.string().max(255).regex(/^(?![.-])([-a-z0-9.])+([a-z0-9])$/, `unfurl_domains holds lower-case host names (${REFERENCE})`))
    .min(1)
    .max(5, `at most 5 unfurl domains (${REFERENCE})`)
    .refine((domains) => new Set(domains).size === domains.length, "unfurl_domains must not repeat a domain")
    .optional(),
  app_home: anything,
  functions: anything,
  shortcuts: anything,
  workflow_steps: anything,
  assistant_view: anything,
  agent_view: anything,
});

// "A maximum of 255 scopes can be included in this array." (schema: items ≤ 50 characters)
const scopeList = z.array(z.string().max(50)).max(255, `at most 255 scopes (${REFERENCE})`).optional();

const oauthConfig = z.strictObject({
  scopes: z.strictObject({ bot: scopeList, user: scopeList, bot_optional: scopeList, user_optional: scopeList }).optional(),
  redirect_urls: anything,
  token_management_enabled: anything,
  pkce_enabled: anything,
});

// "A maximum of 100 event types can be used." (schema: unique, ≤ 50 characters each)
const eventList = z
  .array(z.string().max(50))
  .max(100, `at most 100 event types (${REFERENCE})`)
  .refine((events) => new Set(events).size === events.length, "an event type is listed twice")
  .optional();

const settings = z.strictObject({
  event_subscriptions: z
    .strictObject({ request_url: url(3500, "event_subscriptions.request_url").optional(), bot_events: eventList, user_events: eventList, metadata_subscriptions: anything })
    .optional(),
  interactivity: z
    .strictObject({
      is_enabled: z.boolean({ message: `interactivity.is_enabled is required (${REFERENCE})` }),
      request_url: url(3500, "interactivity.request_url").optional(),
      message_menu_options_url: url(3500, "interactivity.message_menu_options_url").optional(),
    })
    .optional(),
  org_deploy_enabled: z.boolean().optional(),
  socket_mode_enabled: z.boolean().optional(),
  token_rotation_enabled: z.boolean().optional(),
  allowed_ip_address_ranges: anything,
  incoming_webhooks: anything,
  is_hosted: anything,
  siws_links: anything,
  hermes_app_type: anything,
  function_runtime: anything,
  is_mcp_enabled: anything,
});

export const slackManifestSchema = z.strictObject({
  // "Only 1 and 2 are supported."
  _metadata: z
    .strictObject({ major_version: z.union([z.literal(1), z.literal(2)]).optional(), minor_version: z.number().int().optional(), schema_version: anything, min_version: anything })
    .optional(),
  display_information: displayInformation,
  features: features.optional(),
  oauth_config: oauthConfig.optional(),
  settings: settings.optional(),
  $schema: anything,
  app_directory: anything,
  functions: anything,
  workflows: anything,
  datastores: anything,
  outgoing_domains: anything,
  types: anything,
  external_auth_providers: anything,
  mcp_servers: anything,
});

export type SlackManifest = z.infer<typeof slackManifestSchema>;

/** What Slack would refuse in this manifest, one line per problem ("path: message"). */
export function manifestLimitProblems(manifest: unknown): string[] {
  const parsed = slackManifestSchema.safeParse(manifest);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `${issue.path.join(".") || "(top)"}: ${issue.message}`);
}

export type Transport = "socket" | "http";

/**
 * How Slack reaches the app. Socket Mode: Slack sends events, commands and interactions over the
 * app's WebSocket, "without exposing a public HTTP Request URL"
 * (https://docs.slack.dev/apis/events-api/using-socket-mode), so a request URL there is an unused
 * placeholder. HTTP: each surface needs its Request URL: the slash command's `url`
 * (https://docs.slack.dev/interactivity/implementing-slash-commands), the Events API
 * `request_url` (https://docs.slack.dev/apis/events-api/using-http-request-urls) and the
 * interactivity `request_url` (https://docs.slack.dev/interactivity/handling-user-interaction).
 */
export function transportProblems(manifest: SlackManifest, transport: Transport): string[] {
  const problems: string[] = [];
  const settings = manifest.settings ?? {};
  const commands = manifest.features?.slash_commands ?? [];
  const hasEvents = (settings.event_subscriptions?.bot_events ?? []).length > 0;
  const interactive = settings.interactivity?.is_enabled === true;
  if (transport === "socket") {
    if (settings.socket_mode_enabled !== true) problems.push("settings.socket_mode_enabled must be true");
    for (const command of commands) if (command.url !== undefined) problems.push(`${command.command}: url is unused in Socket Mode`);
    if (settings.event_subscriptions?.request_url !== undefined) problems.push("settings.event_subscriptions.request_url is unused in Socket Mode");
    if (settings.interactivity?.request_url !== undefined) problems.push("settings.interactivity.request_url is unused in Socket Mode");
  } else {
    if (settings.socket_mode_enabled !== false) problems.push("settings.socket_mode_enabled must be false");
    for (const command of commands) if (command.url === undefined) problems.push(`${command.command}: needs a url (its Request URL)`);
    if (hasEvents && settings.event_subscriptions?.request_url === undefined) problems.push("settings.event_subscriptions.request_url is needed for bot_events");
    if (interactive && settings.interactivity?.request_url === undefined) problems.push("settings.interactivity.request_url is needed when interactivity is on");
  }
  return problems;
}

/** The manifest without what differs between transports (the Request URLs and the Socket Mode switch). */
export function withoutTransport(manifest: SlackManifest): unknown {
  const copy = structuredClone(manifest);
  for (const command of copy.features?.slash_commands ?? []) delete command.url;
  if (copy.settings) delete copy.settings.socket_mode_enabled;
  if (copy.settings?.event_subscriptions) delete copy.settings.event_subscriptions.request_url;
  if (copy.settings?.interactivity) delete copy.settings.interactivity.request_url;
  return copy;
}

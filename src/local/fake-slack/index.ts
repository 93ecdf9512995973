// A fake Slack Web API on loopback for end-to-end tests and the local Slack console: point the app's
// WebClient at `fake.apiUrl` (Bolt: `clientOptions.slackApiUrl`) and inspect `fake.calls` / the workspace.
export { startFakeSlack, DEFAULT_BOT_TOKEN } from "./start-fake-slack.js";
export { RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_MAX_POSTS } from "./response-urls.js";
export { TRIGGER_LIFETIME_MS } from "./triggers.js";
export { BOT } from "./workspace-model.js";
export type * from "./fake-slack-api.js";
export type * from "./fake-slack-types.js";
export type * from "./workspace-model.js";
export type * from "./socket-mode/socket-mode-types.js";
export { DEFAULT_APP_TOKEN } from "./socket-mode/fake-socket-mode.js";
export type { Workspace } from "./workspace.js";

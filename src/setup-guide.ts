// What `npm start` prints when no Slack token is set: which variables to set and where to get
// them. Values of secrets are never shown, only whether they are set.
import type { Config } from "./config.js";
import { messagesFor } from "./i18n/messages.js";

export function setupGuide(config: Readonly<Config>): string {
  const lines = [
    messagesFor(config.language).setup.noSlack,
    "",
    "  Slack (create the app from manifest.yml at https://api.slack.com/apps → Create New App → From a manifest):",
    "    SLACK_BOT_TOKEN       OAuth & Permissions → Bot User OAuth Token (xoxb-…)",
    "    SLACK_APP_TOKEN       Basic Information → App-Level Tokens, scope connections:write (xapp-…): Socket Mode",
    "    SLACK_SIGNING_SECRET  Basic Information → App Credentials → Signing Secret: HTTP mode (instead of SLACK_APP_TOKEN)",
    "",
    "  BK-JOB (BlueKing ESB):",
    "    BK_JOB_API_URL        the BlueKing PaaS/ESB address, e.g. http://paas.example.com",
    "    BK_APP_CODE           a BlueKing app code allowed to call BK-JOB",
    "    BK_APP_SECRET         that app's secret",
    "    BK_USERNAME           the BlueKing user joblog acts as (the app must be on ESB's login-exempt whitelist)",
    "",
    "  To try joblog without a BlueKing install: `npm run sim` starts a BK-JOB simulator and prints the values to use.",
  ];
  if (config.setupProblems.length > 0) {
    lines.push("", "  Also missing or invalid now:", ...config.setupProblems.map((problem) => `    - ${problem}`));
  }
  return `${lines.join("\n")}\n`;
}

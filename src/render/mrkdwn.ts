// Escaping for Slack mrkdwn: upstream text placed in mrkdwn must not become a ping, a mention or
// a link. Slack's rule is exactly three characters
// (https://api.slack.com/reference/surfaces/formatting#escaping).

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Text inside `inline code`: escaped, and a backtick in it would end the span early. */
export function inlineCode(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, "'"))}\``;
}

/** A label in bold, where a `*` inside would end the bold early. */
export function bold(text: string): string {
  return `*${escapeMrkdwn(text.replace(/\*/g, "∗"))}*`;
}

/** `<url|label>`; the url is ours (config), the label may be upstream text. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${escapeMrkdwn(label.replace(/\|/g, "¦"))}>`;
}

// Slack mrkdwn → plain text, for the terminal: the messages dictionary and the error renderer
// write mrkdwn (*bold*, `code`, <url|label>, &lt;), which a terminal would show literally. Pure.

/** `<url|label>` → "label (url)", `<!date^…|fallback>` → fallback, marks removed, entities decoded. */
export function mrkdwnToPlain(text: string): string {
  return text
    .replace(/<([^<>|\n]+)\|([^<>\n]*)>/g, (_whole, target: string, label: string) =>
      /^(https?:|mailto:)/i.test(target) ? `${label} (${target})` : label,
    )
    .replace(/<(https?:[^<>\n]+)>/g, "$1")
    .replace(/(^|[^\p{L}\p{N}*])\*(?!\s)([^*\n]*?[^\s*])\*(?![\p{L}\p{N}*])/gu, "$1$2")
    .replace(/`([^`\n]*)`/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

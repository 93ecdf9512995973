// Every text Slack parses as mrkdwn in a payload (mrkdwn text objects, at any depth): where a
// `<!channel>` or `<@U…>` from upstream text would become a ping. plain_text and rich_text are
// never parsed, so they are left out.
export function mrkdwnTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) mrkdwnTexts(item, out);
  else if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if (object.type === "mrkdwn" && typeof object.text === "string") out.push(object.text);
    for (const child of Object.values(object)) mrkdwnTexts(child, out);
  }
  return out;
}

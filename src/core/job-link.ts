// Recognises BK-JOB web UI links to an execution (the web UI's routes:
// https://github.com/TencentBlueKing/bk-job/blob/HEAD/src/frontend/src/router/index.js), wherever JOB is deployed:
// the site root may carry a prefix, so only the path's tail is matched.

export interface JobLink {
  url: string;
  /** null for the scope-free `api_execute` links: the business must come from elsewhere. */
  bizId: number | null;
  jobInstanceId: number;
  stepInstanceId: number | null;
}

const SCOPED = /\/(?:biz|biz_set)\/(\d+)\/execute\/(?:task|step|quick-launch)\/(\d+)\/?$/;
const API_EXECUTE = /\/api_execute\/(\d+)\/?$/;
const API_EXECUTE_STEP = /\/api_execute_step\/(\d+)\/(\d+)\/?$/;

function safeId(digits: string | undefined | null): number | null {
  if (digits === undefined || digits === null || !/^\d{1,16}$/.test(digits)) return null;
  const value = Number(digits);
  return value >= 1 && Number.isSafeInteger(value) ? value : null;
}

/** Slack wraps links it recognises as `<url>` or `<url|label>`; either way, the url. */
export function unwrapSlackLink(word: string): string {
  const match = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(word);
  return match?.[1] ?? word;
}

export function looksLikeUrl(word: string): boolean {
  return /^<?https?:\/\//i.test(word);
}

export function parseJobLink(text: string): JobLink | null {
  let url: URL;
  try {
    url = new URL(unwrapSlackLink(text.trim()));
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const path = url.pathname;
  const stepFromQuery = safeId(url.searchParams.get("stepInstanceId"));

  const scoped = SCOPED.exec(path);
  if (scoped) {
    const bizId = safeId(scoped[1]);
    const jobInstanceId = safeId(scoped[2]);
    if (bizId === null || jobInstanceId === null) return null;
    return { url: url.href, bizId, jobInstanceId, stepInstanceId: stepFromQuery };
  }
  const apiStep = API_EXECUTE_STEP.exec(path);
  if (apiStep) {
    const jobInstanceId = safeId(apiStep[1]);
    if (jobInstanceId === null) return null;
    return { url: url.href, bizId: null, jobInstanceId, stepInstanceId: safeId(apiStep[2]) };
  }
  const api = API_EXECUTE.exec(path);
  if (api) {
    const jobInstanceId = safeId(api[1]);
    if (jobInstanceId === null) return null;
    return { url: url.href, bizId: null, jobInstanceId, stepInstanceId: stepFromQuery };
  }
  return null;
}

/** Every JOB execution link in a message's text (for mentions that paste a link). */
export function findJobLinks(text: string): JobLink[] {
  const links: JobLink[] = [];
  for (const match of text.matchAll(/<?https?:\/\/[^\s<>|]+(?:\|[^>]*)?>?/gi)) {
    const link = parseJobLink(match[0]);
    if (link) links.push(link);
  }
  return links;
}

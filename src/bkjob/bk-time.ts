// BK-JOB's wire formats for times and durations, turned into Dates and milliseconds.
// v2 sends "yyyy-MM-dd HH:mm:ss" in the server's zone (UTC+8 unless configured) with no
// offset; the old 2.x docs show " +0800"; v3/v4 send epoch milliseconds.

/** The zone bk-job formats v2 times in when the string carries no offset (JobContextUtil). */
export const BK_DEFAULT_OFFSET_MINUTES = 8 * 60;

// Anchored and linear: no backtracking on long input. Fractional seconds and a "T" separator
// are accepted so ISO-like strings from other layers parse too.
const BK_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/;

// bk-job's own LongTimestampSerializer treats values up to this as seconds, larger as ms.
const MAX_EPOCH_SECONDS = 9_999_999_999;

/**
 * Parses a BK-JOB time. null, undefined, "", 0 and anything unrecognised become null: a
 * report with a missing time is better than no report at all.
 */
export function parseBkTime(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return fromEpoch(value);
  const text = value.trim();
  if (text === "") return null;
  if (/^\d+$/.test(text)) return fromEpoch(Number(text));
  const match = BK_TIME.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;
  const offsetMinutes = zone === undefined ? BK_DEFAULT_OFFSET_MINUTES : parseOffset(zone);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, millis) - offsetMinutes * 60_000;
  return new Date(utc);
}

/** v2 durations are seconds as a decimal (ms / 1000.0); rounding undoes float noise (60.599). */
export function secondsToMs(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return Math.round(value * 1000);
}

function fromEpoch(value: number): Date | null {
  // 0 is how unset Java longs leak out; 1970 in a report would only confuse.
  if (!Number.isFinite(value) || value <= 0) return null;
  return new Date(value <= MAX_EPOCH_SECONDS ? value * 1000 : value);
}

function parseOffset(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

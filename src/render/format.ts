// Numbers, durations and times as a reader sees them, in the reader's language.
import { millisecondsInSecond, secondsInDay, secondsInHour, secondsInMinute } from "date-fns/constants";
import type { Messages } from "../i18n/index.js";

export function formatCount(value: number, messages: Messages): string {
  return value.toLocaleString(messages.numberLocale);
}

/** Compact durations for one-line summaries: "2.3s", "1m 1s", "2h 5m", "3d 4h". */
export function formatDuration(milliseconds: number, messages: Messages): string {
  const units = messages.durationUnits;
  if (milliseconds < 10_000) {
    const seconds = Math.round(milliseconds / 100) / 10;
    return `${seconds}${units.second}`;
  }
  // Plain arithmetic: date-fns's intervalToDuration counted calendar months from 1970 (so 31 days
  // came out as "30d") and was a fifth of building and rendering a whole report.
  const totalSeconds = Math.round(milliseconds / millisecondsInSecond);
  const totalDays = Math.floor(totalSeconds / secondsInDay);
  const hours = Math.floor((totalSeconds % secondsInDay) / secondsInHour);
  const minutes = Math.floor((totalSeconds % secondsInHour) / secondsInMinute);
  const seconds = totalSeconds % secondsInMinute;
  const space = units.second === "s" ? " " : "";
  if (totalDays > 0) return `${totalDays}${units.day}${space}${hours}${units.hour}`;
  if (hours > 0) return `${hours}${units.hour}${space}${minutes}${units.minute}`;
  if (minutes > 0) return `${minutes}${units.minute}${space}${seconds}${units.second}`;
  return `${seconds}${units.second}`;
}

const UTC8_OFFSET_MS = 8 * 3_600_000;

/** BK-JOB's own clock (UTC+8), for places where Slack cannot localise a time. */
export function formatBkTime(date: Date): string {
  return `${new Date(date.getTime() + UTC8_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ")} UTC+8`;
}

/** A time Slack shows in each reader's own time zone, with BK-JOB's clock as the fallback. */
export function slackDate(date: Date): string {
  const seconds = Math.floor(date.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time_secs}|${formatBkTime(date)}>`;
}

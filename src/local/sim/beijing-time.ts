// BK-JOB prints times as "yyyy-MM-dd HH:mm:ss" in UTC+8 (JobContextUtil's default zone),
// without an offset; the old 2.x docs appended " +0800". The simulator's data is epoch ms,
// and scenarios are written in the same wall-clock form the server prints.
import type { WireFormat } from "./model.js";

const UTC_PLUS_8_MS = 8 * 60 * 60 * 1000;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?$/;

/** "2018-03-15 14:39:30" (optionally ".401") read as UTC+8, to epoch ms. */
export function beijingTime(text: string): number {
  const match = WALL_CLOCK.exec(text);
  if (!match) throw new Error(`not a "yyyy-MM-dd HH:mm:ss" time: ${text}`);
  const [year, month, day, hour, minute, second, millis] = match.slice(1).map((part) => Number(part ?? 0));
  return (
    Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hour ?? 0, minute ?? 0, second ?? 0, millis ?? 0) -
    UTC_PLUS_8_MS
  );
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** Epoch ms to BK-JOB's wall-clock text; milliseconds are dropped, as Java's formatter does. */
export function formatBeijingTime(epochMs: number, format: WireFormat = "3.x"): string {
  const shifted = new Date(epochMs + UTC_PLUS_8_MS);
  const text =
    `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())} ` +
    `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`;
  return format === "old-docs" ? `${text} +0800` : text;
}

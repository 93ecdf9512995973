// Durations and counts as a reader sees them in a report's summary and step lines.
import { describe, expect, it } from "vitest";
import { messagesFor } from "../../src/i18n/index.js";
import { formatDuration } from "../../src/render/format.js";

const en = messagesFor("en");
const zh = messagesFor("zh-CN");
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [2_345, "2.3s"],
    [9_949, "9.9s"],
    [10 * SECOND, "10s"],
    [59.4 * SECOND, "59s"],
    [MINUTE + SECOND, "1m 1s"],
    [59 * MINUTE + 59.6 * SECOND, "1h 0m"],
    [2 * HOUR + 5 * MINUTE + 30 * SECOND, "2h 5m"],
    [3 * DAY + 4 * HOUR + 59 * MINUTE, "3d 4h"],
    // A month counts in days, not calendar months (31 days once read "30d 0h").
    [31 * DAY, "31d 0h"],
    [400 * DAY + 5 * HOUR, "400d 5h"],
  ])("%d ms reads %s", (milliseconds, expected) => {
    expect(formatDuration(milliseconds, en)).toBe(expected);
  });

  it("speaks Chinese units without spaces", () => {
    expect(formatDuration(HOUR + 5 * MINUTE, zh)).toBe("1小时5分");
    expect(formatDuration(2_300, zh)).toBe("2.3秒");
  });
});

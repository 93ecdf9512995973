// Pure pieces of the wire format: UTC+8 times, bk-job's log escaping, host grouping.
import { describe, expect, it } from "vitest";
import { beijingTime, formatBeijingTime } from "../../src/local/sim/beijing-time.js";
import { htmlEncodeLog } from "../../src/local/sim/html-escape.js";
import { simHost } from "../../src/local/sim/scenarios/builders.js";
import { groupHosts } from "../../src/local/sim/serialise-job-log.js";

describe("beijing time", () => {
  it.each([
    ["2018-03-15 14:39:30", Date.UTC(2018, 2, 15, 6, 39, 30)],
    ["2024-01-01 00:00:00", Date.UTC(2023, 11, 31, 16, 0, 0)],
    ["2018-03-15 14:39:30.401", Date.UTC(2018, 2, 15, 6, 39, 30, 401)],
  ])("reads %s as UTC+8", (text, epochMs) => {
    expect(beijingTime(text)).toBe(epochMs);
  });

  it("rejects other shapes", () => {
    expect(() => beijingTime("2018-03-15T14:39:30Z")).toThrow(/not a/);
  });

  it.each([
    ["3.x", "2018-03-15 14:39:30"],
    ["old-docs", "2018-03-15 14:39:30 +0800"],
  ] as const)("prints the %s form, dropping milliseconds", (format, text) => {
    expect(formatBeijingTime(Date.UTC(2018, 2, 15, 6, 39, 30, 999), format)).toBe(text);
  });
});

describe("htmlEncodeLog", () => {
  it.each([
    ["a & b", "a &amp; b"],
    ["&amp;", "&amp;amp;"],
    ["<!channel> <@U1>", "&lt;!channel&gt; &lt;@U1&gt;"],
    [`quotes "stay" 'as is'`, `quotes "stay" 'as is'`],
    ["", ""],
    [" \n\t ", ""],
  ])("%j → %j", (raw, encoded) => {
    expect(htmlEncodeLog(raw)).toBe(encoded);
  });
});

describe("groupHosts", () => {
  it("groups by (ip_status, tag) in order of first appearance", () => {
    const hosts = [
      simHost({ ip: "a", ipStatus: 9 }),
      simHost({ ip: "b", ipStatus: 104, tag: "x" }),
      simHost({ ip: "c", ipStatus: 9 }),
      simHost({ ip: "d", ipStatus: 104 }),
      simHost({ ip: "e", ipStatus: 104, tag: "x" }),
    ];
    expect(groupHosts(hosts).map((group) => [group.ipStatus, group.tag, group.hosts.map((host) => host.ip)])).toEqual([
      [9, "", ["a", "c"]],
      [104, "x", ["b", "e"]],
      [104, "", ["d"]],
    ]);
  });
});

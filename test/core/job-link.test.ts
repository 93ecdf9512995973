import { describe, expect, it } from "vitest";
import { findJobLinks, parseJobLink } from "../../src/core/job-link.js";

describe("parseJobLink", () => {
  const cases: [string, { given: string; want: { bizId: number | null; jobInstanceId: number; stepInstanceId: number | null } | null }][] = [
    ["task", { given: "https://job.example.com/biz/2/execute/task/100", want: { bizId: 2, jobInstanceId: 100, stepInstanceId: null } }],
    ["task with site prefix", { given: "https://paas.example.com/o/bk_job/biz/2/execute/task/100", want: { bizId: 2, jobInstanceId: 100, stepInstanceId: null } }],
    ["step with stepInstanceId", { given: "https://job.example.com/biz/2/execute/step/100?stepInstanceId=7&retryCount=0", want: { bizId: 2, jobInstanceId: 100, stepInstanceId: 7 } }],
    ["quick-launch", { given: "https://job.example.com/biz/2/execute/quick-launch/100", want: { bizId: 2, jobInstanceId: 100, stepInstanceId: null } }],
    ["api_execute", { given: "https://job.example.com/api_execute/100", want: { bizId: null, jobInstanceId: 100, stepInstanceId: null } }],
    ["api_execute_step", { given: "https://job.example.com/api_execute_step/100/55", want: { bizId: null, jobInstanceId: 100, stepInstanceId: 55 } }],
    ["trailing slash", { given: "https://job.example.com/api_execute/100/", want: { bizId: null, jobInstanceId: 100, stepInstanceId: null } }],
    ["Slack-wrapped with label", { given: "<https://job.example.com/api_execute/100|see>", want: { bizId: null, jobInstanceId: 100, stepInstanceId: null } }],
    ["execution list is not an execution", { given: "https://job.example.com/biz/2/execute/list", want: null }],
    ["not http", { given: "ftp://job.example.com/api_execute/100", want: null }],
    ["not a URL", { given: "api_execute/100", want: null }],
    ["id beyond 2^53", { given: "https://job.example.com/api_execute/99999999999999999999", want: null }],
  ];
  it.each(cases)("%s", (_name, { given, want }) => {
    const link = parseJobLink(given);
    if (want === null) expect(link).toBeNull();
    else expect(link).toMatchObject(want);
  });

  it("finds every JOB link in a mention's text", () => {
    const links = findJobLinks("look <https://job.example.com/biz/2/execute/task/100> and https://job.example.com/api_execute/5 ok");
    expect(links.map((link) => link.jobInstanceId)).toEqual([100, 5]);
  });
});

// BK-JOB's own refusals (HTTP 200, result false, job_request_id) and ESB's 404 for unknown routes.
import { describe, expect, it } from "vitest";
import { SCENARIOS, UNKNOWN_BIZ_ID, UNKNOWN_JOB_INSTANCE_ID } from "../../src/local/sim/scenarios.js";
import { callJob, CREDENTIALS, getApi, LOG_API, postApi, STATUS_API, useSimulator, type Params } from "./sim-client.js";

const HEX_32 = /^[0-9a-f]{32}$/;

const refusals: [string, { params: Params; code: number; message: string }][] = [
  [
    "an unknown job",
    { params: { bk_biz_id: 1, job_instance_id: UNKNOWN_JOB_INSTANCE_ID }, code: 1244006, message: "作业实例不存在" },
  ],
  [
    "a business-1 job asked for in business 2",
    { params: { bk_biz_id: 2, job_instance_id: SCENARIOS.seed.jobInstanceId }, code: 1244006, message: "作业实例不存在" },
  ],
  [
    "a business-2 job asked for in business 1",
    { params: { bk_biz_id: 1, job_instance_id: SCENARIOS.otherBusiness.jobInstanceId }, code: 1244006, message: "作业实例不存在" },
  ],
  [
    "an unknown business",
    { params: { bk_biz_id: UNKNOWN_BIZ_ID, job_instance_id: 100 }, code: 1243049, message: "业务/业务集不存在或已被归档" },
  ],
  ["a missing bk_biz_id", { params: { job_instance_id: 100 }, code: 1241007, message: "请求参数[bk_biz_id]缺失或不合法" }],
  [
    "a non-numeric bk_biz_id",
    { params: { bk_biz_id: "abc", job_instance_id: 100 }, code: 1241007, message: "请求参数[bk_biz_id]缺失或不合法" },
  ],
  ["a missing job_instance_id", { params: { bk_biz_id: 1 }, code: 1241007, message: "请求参数[job_instance_id]缺失或不合法" }],
  [
    "a zero job_instance_id",
    { params: { bk_biz_id: 1, job_instance_id: 0 }, code: 1241007, message: "请求参数[job_instance_id]缺失或不合法" },
  ],
  [
    "a missing step instance",
    { params: { bk_biz_id: 1, job_instance_id: SCENARIOS.stepNotFound.jobInstanceId }, code: 1244007, message: "作业步骤实例不存在" },
  ],
];

describe("BK-JOB refusals", () => {
  const sim = useSimulator();

  describe.each([LOG_API, STATUS_API] as const)("%s", (api) => {
    it.each(refusals)("answers %s", async (_name, { params, code, message }) => {
      const answer = await getApi(sim(), api, { ...CREDENTIALS, ...params });
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({
        result: false,
        code,
        message,
        data: null,
        job_request_id: expect.stringMatching(HEX_32),
        request_id: expect.stringMatching(HEX_32),
      });
    });
  });

  it("answers in English when Blueking-Language asks for it", async () => {
    const answer = await getApi(
      sim(),
      LOG_API,
      { ...CREDENTIALS, bk_biz_id: 1, job_instance_id: UNKNOWN_JOB_INSTANCE_ID },
      { headers: { "Blueking-Language": "en" } },
    );
    expect(answer.json()).toMatchObject({ code: 1244006, message: "Task instance does not exist" });
  });

  it("answers 1238001 with the IAM permission payload, naming the user", async () => {
    const answer = await callJob(sim(), LOG_API, SCENARIOS.permissionDenied, { bk_username: "lisi" });
    expect(answer.json()).toEqual({
      result: false,
      code: 1238001,
      message: "用户(lisi)权限不足，请前往权限中心确认并申请补充后重试",
      data: null,
      job_request_id: expect.stringMatching(HEX_32),
      permission: {
        system_id: "bk_job",
        system_name: "作业平台",
        actions: [
          {
            id: "view_history",
            name: "查看执行历史",
            related_resource_types: [
              {
                system_id: "bk_cmdb",
                system_name: "配置平台",
                type: "biz",
                type_name: "业务",
                instances: [[{ type: "biz", type_name: "业务", id: "1", name: "蓝鲸" }]],
              },
            ],
          },
        ],
      },
      request_id: expect.stringMatching(HEX_32),
    });
  });

  it("denies permission on the status API too", async () => {
    const answer = await postApi(sim(), STATUS_API, {
      ...CREDENTIALS,
      bk_biz_id: 1,
      job_instance_id: SCENARIOS.permissionDenied.jobInstanceId,
    });
    expect(answer.json()).toMatchObject({ code: 1238001, message: "用户(admin)权限不足，请前往权限中心确认并申请补充后重试" });
  });

  it("serves a job of business 2 in business 2", async () => {
    const answer = await callJob(sim(), LOG_API, SCENARIOS.otherBusiness);
    expect(answer.json()).toMatchObject({ result: true, data: [{ name: "test", status: 3 }] });
  });
});

describe("unknown routes", () => {
  const sim = useSimulator();
  const notFound = { result: false, data: null, message: "The content does not exist" };

  it.each([
    ["an unknown API", "GET", "/api/c/compapi/v2/job/get_job_instance_ip_log/"],
    ["the v4 gateway path (not simulated)", "GET", "/api/v4/get_job_instance_status"],
    ["the root", "GET", "/"],
    ["a PUT to a known API", "PUT", "/api/c/compapi/v2/job/get_job_instance_log/"],
  ])("answers 404 for %s", async (_name, method, path) => {
    const response = await fetch(`${sim().url}${path}`, { method });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(notFound);
  });

  it("answers /healthz without recording it", async () => {
    const before = sim().requests.length;
    const response = await fetch(`${sim().url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok");
    expect(sim().requests.length).toBe(before);
  });
});

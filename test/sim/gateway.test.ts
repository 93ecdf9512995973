// The simulator as the BlueKing API gateway (v3) and as ESB jobv3: header-only credentials, the
// gateway's own error shapes, and BK-JOB's v3 answers from the same scenario data.
import { describe, expect, it } from "vitest";
import { ESB_CODE } from "../../src/local/sim/esb-errors.js";
import { GATEWAY_ERRORS } from "../../src/local/sim/gateway-errors.js";
import { IPV6_ONLY_HOST } from "../../src/local/sim/scenarios/ipv6-hosts.js";
import { TRICKY_TEXT } from "../../src/local/sim/scenarios/tricky-logs.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { CREDENTIALS, useSimulator } from "./sim-client.js";

const STAGE = "/api/bk-job/prod";
const AUTH = JSON.stringify(CREDENTIALS);
const scope = (ref: { bizId: number; jobInstanceId: number }) => ({
  bk_scope_type: "biz",
  bk_scope_id: String(ref.bizId),
  job_instance_id: String(ref.jobInstanceId),
});

describe("the simulated API gateway", () => {
  const sim = useSimulator();

  async function get(api: string, query: Record<string, string>, headers: Record<string, string> = { "X-Bkapi-Authorization": AUTH }) {
    const response = await fetch(`${sim().url}${STAGE}/api/v3/${api}?${new URLSearchParams(query)}`, { headers });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  async function post(api: string, body: object, headers: Record<string, string> = { "X-Bkapi-Authorization": AUTH }) {
    const response = await fetch(`${sim().url}${STAGE}/api/v3/${api}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as any };
  }

  describe("authentication: credentials only in X-Bkapi-Authorization", () => {
    const invalidArgs = (message: RegExp) => ({
      code_name: "INVALID_ARGS",
      data: null,
      code: GATEWAY_ERRORS.invalidArgs.code,
      message: expect.stringMatching(message),
      result: false,
    });

    it.each([
      ["no header", {}, /bkapi authorization/],
      ["a header that is not JSON", { "X-Bkapi-Authorization": "{nope" }, /not a valid JSON/],
      ["a wrong secret", { "X-Bkapi-Authorization": JSON.stringify({ ...CREDENTIALS, bk_app_secret: "guess" }) }, /bk_app_code or bk_app_secret is incorrect/],
      ["no user", { "X-Bkapi-Authorization": JSON.stringify({ ...CREDENTIALS, bk_username: undefined }) }, /user authentication failed/],
    ])("refuses %s: HTTP 400, 1640001 INVALID_ARGS", async (_name, headers, message) => {
      const answer = await get("get_job_instance_status", scope(SCENARIOS.seed), headers);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual(invalidArgs(message));
      expect(answer.headers.get("x-bkapi-request-id")).toMatch(/^[0-9a-f]{32}$/);
    });

    it("ignores credentials sent as parameters (allow_auth_from_params: false)", async () => {
      const answer = await get("get_job_instance_status", { ...scope(SCENARIOS.seed), ...CREDENTIALS }, {});
      expect(answer.status).toBe(400);
    });

    it("accepts the header; the answer has bk-job's envelope and the gateway's request id header", async () => {
      const answer = await get("get_job_instance_status", scope(SCENARIOS.seed));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ result: true, code: 0, job_request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(answer.body).not.toHaveProperty("request_id");
      expect(answer.headers.get("x-bkapi-request-id")).toMatch(/^[0-9a-f]{32}$/);
    });

    it("app-type /api/v3/system/* resources take the user from X-Bk-Username; none is job-gateway's 401 1247002", async () => {
      const appOnly = JSON.stringify({ bk_app_code: SIM_DEFAULTS.appCode, bk_app_secret: SIM_DEFAULTS.appSecret });
      const withUser = await fetch(`${sim().url}${STAGE}/api/v3/system/get_job_instance_status?${new URLSearchParams(scope(SCENARIOS.seed))}`, {
        headers: { "X-Bkapi-Authorization": appOnly, "X-Bk-Username": "admin" },
      });
      expect(await withUser.json()).toMatchObject({ result: true });
      const noUser = await fetch(`${sim().url}${STAGE}/api/v3/system/get_job_instance_status?${new URLSearchParams(scope(SCENARIOS.seed))}`, {
        headers: { "X-Bkapi-Authorization": appOnly },
      });
      expect(noUser.status).toBe(401);
      expect(await noUser.json()).toMatchObject({ result: false, code: 1247002 });
    });
  });

  it.each([
    ["an unknown resource", "GET", "get_job_instance_log"],
    ["a resource asked with the wrong method", "POST", "get_step_instance_status"],
  ])("answers %s with 404 1640401 API_NOT_FOUND", async (_name, method, api) => {
    const response = await fetch(`${sim().url}${STAGE}/api/v3/${api}`, { method, headers: { "X-Bkapi-Authorization": AUTH } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 1640401, code_name: "API_NOT_FOUND", result: false });
  });

  it("get_job_instance_status: epoch-ms times, ms durations, scope, per-host results only when asked", async () => {
    const plain = (await get("get_job_instance_status", scope(SCENARIOS.seed))).body.data;
    expect(plain.job_instance).toMatchObject({ job_instance_id: 100, bk_scope_type: "biz", bk_scope_id: "1", total_time: 60_599 });
    expect(plain.job_instance.start_time).toBe(Date.UTC(2018, 2, 15, 6, 39, 30, 401));
    expect(plain.step_instance_list[0]).not.toHaveProperty("step_ip_result_list");
    const withHosts = (await get("get_job_instance_status", { ...scope(SCENARIOS.ipv6Hosts), return_ip_result: "true" })).body.data;
    const ipv6Only = withHosts.step_instance_list[0].step_ip_result_list.find((host: any) => host.bk_host_id === IPV6_ONLY_HOST.bkHostId);
    // This API has no ipv6 field (openapi/bk-job.openapi.yaml).
    expect(ipv6Only).toEqual(expect.objectContaining({ ip: "", status: 104, exit_code: 7, error_code: 0 }));
    expect(ipv6Only).not.toHaveProperty("ipv6");
  });

  it("get_step_instance_status: groups with host_size, lists capped, the keyword searching script output", async () => {
    const query = { ...scope(SCENARIOS.largeJob), step_instance_id: "200001", max_host_num_per_group: "2" };
    const data = (await get("get_step_instance_status", query)).body.data;
    expect(data.step_result_group_list.map((group: any) => [group.result_type, group.tag, group.host_size, group.host_result_list.length])).toEqual([
      [9, "", 1990, 2],
      [104, "", 5, 2],
      [104, "no_space_boot", 3, 2],
      [13, "", 2, 2],
    ]);
    expect(data.step_result_group_list[0].result_type_desc).toBe("执行成功");
    const searched = (await get("get_step_instance_status", { ...query, keyword: "Could not get lock" })).body.data;
    expect(searched.step_result_group_list.map((group: any) => [group.result_type, group.host_size])).toEqual([[104, 5]]);
  });

  it("get_step_instance_status for a step the job does not have: 1244007", async () => {
    const answer = await get("get_step_instance_status", { ...scope(SCENARIOS.seed), step_instance_id: "1" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ result: false, code: 1244007 });
  });

  it("batch_get_job_instance_ip_log: raw log text, ipv6, and at most 500 hosts (1241007 beyond)", async () => {
    const tricky = await post("batch_get_job_instance_ip_log", { ...scope(SCENARIOS.trickyLogs), job_instance_id: 300, step_instance_id: 30002, ip_list: [{ bk_cloud_id: 0, ip: "10.0.3.11" }] });
    const text = tricky.body.data.script_task_logs.map((log: any) => log.log_content).join("");
    expect(text).toContain(TRICKY_TEXT.ampersands); // not HTML-escaped, unlike v2
    const ipv6 = await post("batch_get_job_instance_ip_log", { ...scope(SCENARIOS.ipv6Hosts), job_instance_id: 610, step_instance_id: 61001, host_id_list: [IPV6_ONLY_HOST.bkHostId] });
    expect(ipv6.body.data.script_task_logs[0]).toMatchObject({ bk_host_id: IPV6_ONLY_HOST.bkHostId, ip: "", ipv6: IPV6_ONLY_HOST.ipv6 });
    const tooMany = await post("batch_get_job_instance_ip_log", {
      ...scope(SCENARIOS.tenThousandHosts),
      job_instance_id: 9000,
      step_instance_id: 900001,
      host_id_list: Array.from({ length: 501 }, (_, index) => index + 1),
    });
    expect(tooMany.status).toBe(200);
    expect(tooMany.body).toMatchObject({ result: false, code: 1241007, message: "请求参数[host_id_list/ip_list]缺失或不合法" });
  });

  it("file steps: file_task_logs with each file's source, destination and status", async () => {
    const answer = await post("batch_get_job_instance_ip_log", { ...scope(SCENARIOS.fileTransfer), job_instance_id: 620, step_instance_id: 62001, ip_list: [{ bk_cloud_id: 0, ip: "10.0.62.3" }] });
    expect(answer.body.data.log_type).toBe(2);
    const [download] = answer.body.data.file_task_logs[0].file_logs.filter((file: any) => file.mode === 1);
    expect(download).toMatchObject({ dest_ip: { ip: "10.0.62.3", bk_cloud_id: 0 }, status: 5, process: "0%" });
  });

  it("get_job_instance_list: the job's operator and launch mode, within a window of at most 30 days", async () => {
    const day = 24 * 60 * 60 * 1000;
    const at = Date.UTC(2024, 4, 20, 2, 15);
    const list = await get("get_job_instance_list", { ...scope(SCENARIOS.multiStepFailure), create_time_start: String(at - day), create_time_end: String(at + day) });
    expect(list.body.data.data[0]).toMatchObject({ job_instance_id: 200, operator: "zhangsan", launch_mode: 1 });
    const tooWide = await get("get_job_instance_list", { ...scope(SCENARIOS.multiStepFailure), create_time_start: String(at - 31 * day), create_time_end: String(at) });
    expect(tooWide.body).toMatchObject({ result: false, code: 1241002 });
  });
});

describe("the simulated ESB jobv3", () => {
  const sim = useSimulator();
  const post = async (api: string, body: object) =>
    fetch(`${sim().url}/api/c/compapi/v2/jobv3/${api}/`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("takes ESB's credentials in the body and answers v3 shapes", async () => {
    const response = await post("get_job_instance_status", { ...CREDENTIALS, ...scope(SCENARIOS.seed) });
    expect(await response.json()).toMatchObject({ result: true, data: { finished: true, job_instance: { total_time: 60_599 } }, request_id: expect.any(String) });
    const refused = await post("get_job_instance_status", { ...CREDENTIALS, bk_app_secret: "guess", ...scope(SCENARIOS.seed) });
    expect(await refused.json()).toMatchObject({ result: false, code: ESB_CODE.commonError });
  });

  it("has no get_step_instance_status (ESB jobv3 lists every other v3 API)", async () => {
    const response = await post("get_step_instance_status", { ...CREDENTIALS, ...scope(SCENARIOS.seed), step_instance_id: 90000 });
    expect(response.status).toBe(404);
  });

  it("records which door each call came through", async () => {
    await post("get_job_instance_status", { ...CREDENTIALS, ...scope(SCENARIOS.seed) });
    expect(sim().requests.at(-1)).toMatchObject({ api: "get_job_instance_status", protocol: "esb-v3", bizId: 1, jobInstanceId: 100 });
  });
});

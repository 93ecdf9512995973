// get_job_instance_list over the simulated history, checked against bk-job's
// EsbGetJobInstanceListV3Resource(Impl) (parameter checks, defaults, answer shape) and
// TaskInstanceDAOImpl.buildSearchCondition / listPageTaskInstance (filters, order, paging).
import { describe, expect, it } from "vitest";
import { beijingTime } from "../../src/local/sim/beijing-time.js";
import { callDoor, scopeOf, type Door } from "./doors.js";
import { manualClock, useSimulator } from "./sim-client.js";

const DAY = 24 * 60 * 60 * 1000;
const NOW = beijingTime("2025-03-03 15:30:00");
const clock = manualClock(NOW);

describe("get_job_instance_list over a business's history", () => {
  const sim = useSimulator({ clock });
  const list = (params: Record<string, unknown>, door: Door = "apigw-v3", options = {}) =>
    callDoor(sim(), door, "get_job_instance_list", { ...scopeOf(door, 1), create_time_start: NOW - 30 * DAY, create_time_end: NOW, ...params }, options);
  const everything = async (params: Record<string, unknown> = {}, bizId = 1) =>
    (await callDoor(sim(), "apigw-v3", "get_job_instance_list", { ...scopeOf("apigw-v3", bizId), create_time_start: NOW - 30 * DAY, create_time_end: NOW, length: 1000, ...params })).body.data;

  it.each([1, 2])("business %i has hundreds of runs in the last 30 days: plans, crons, quick executions, people and CI", async (bizId) => {
    const page = await everything({}, bizId);
    expect(page.total).toBeGreaterThan(200);
    expect(page.total).toBeLessThan(1000);
    const runs: any[] = page.data;
    expect(new Set(runs.map((run) => run.name))).toEqual(
      new Set(["deploy-web", "deploy-api", "approve-then-release", "patch-kernel", "check-disk-usage", "push-nginx-conf", "db-backup", "log-rotate", "cert-renew", ...(bizId === 1 ? ["release-with-approval", "long-migration", "drain-and-notify", "rolling-restart", "canary-deploy", "approve-then-deploy"] : [])]),
    );
    expect(new Set(runs.map((run) => run.launch_mode))).toEqual(new Set([1, 2, 3]));
    expect(new Set(runs.map((run) => run.type))).toEqual(new Set([0, 1, 2]));
    for (const status of [3, 4]) expect(runs.some((run) => run.status === status)).toBe(true);
    for (const operator of ["zhangsan", "lisi", "wangwu", "admin", "ci-bot"]) expect(runs.some((run) => run.operator === operator)).toBe(true);
    for (const run of runs) expect(run.create_time).toBeGreaterThanOrEqual(NOW - 30 * DAY);
    expect(runs[0].create_time).toBeGreaterThan(NOW - DAY); // relative to the clock: recent runs exist
  });

  it("items carry job_instance_id (not id) and the scope, newest first", async () => {
    const page = (await list({ length: 50 })).body;
    expect(page).toMatchObject({ result: true, code: 0, data: { start: 0, length: 50 } });
    const [first] = page.data.data;
    expect(Object.keys(first)).toEqual(["bk_biz_id", "bk_scope_type", "bk_scope_id", "job_instance_id", "job_plan_id", "job_template_id", "name", "operator", "launch_mode", "status", "start_time", "end_time", "total_time", "create_time", "type"]);
    expect(first).toMatchObject({ bk_biz_id: 1, bk_scope_type: "biz", bk_scope_id: "1" });
    const times = page.data.data.map((run: any) => run.create_time);
    expect(times).toEqual([...times].sort((a: number, b: number) => b - a));
  });

  it("ESB jobv3 (POST) and the gateway (GET) answer the same page", async () => {
    const viaGateway = (await list({ length: 30, start: 10 })).body.data;
    const viaEsb = (await list({ length: 30, start: 10 }, "esb-v3")).body.data;
    expect(viaEsb).toEqual(viaGateway);
  });

  it("pages with start and length (default 20), total counting every match", async () => {
    const all = await everything();
    const first = (await list({})).body.data;
    expect(first).toMatchObject({ start: 0, length: 20, total: all.total });
    expect(first.data).toHaveLength(20);
    const second = (await list({ start: 20, length: 20 })).body.data;
    expect([...first.data, ...second.data].map((run: any) => run.job_instance_id)).toEqual(all.data.slice(0, 40).map((run: any) => run.job_instance_id));
    const past = (await list({ start: all.total, length: 20 })).body.data;
    expect(past).toEqual({ start: all.total, length: 20, total: all.total, data: null });
  });

  describe("parameter checks", () => {
    it("the gateway's GET needs both create times (Spring: 1240003); ESB's POST says which is missing (1241007)", async () => {
      const get = await callDoor(sim(), "apigw-v3", "get_job_instance_list", { ...scopeOf("apigw-v3", 1), create_time_end: NOW }, { language: "en" });
      expect(get.body).toMatchObject({ result: false, code: 1240003, message: "Bad Request" });
      const post = await callDoor(sim(), "esb-v3", "get_job_instance_list", { ...scopeOf("esb-v3", 1), create_time_end: NOW }, { language: "en" });
      expect(post.body).toMatchObject({ result: false, code: 1241007, message: "Missing or invalid request parameter [create_time_start]" });
    });

    it("an end not after the start is 1241007 naming both; a window over 30 days is 1241002; exactly 30 days is fine", async () => {
      const backwards = await list({ create_time_start: NOW, create_time_end: NOW - DAY }, "apigw-v3", { language: "en" });
      expect(backwards.body).toMatchObject({ code: 1241007, message: "Missing or invalid request parameter [create_time_start|create_time_end]" });
      const wide = await list({ create_time_start: NOW - 30 * DAY - 1 }, "apigw-v3", { language: "en" });
      expect(wide.body).toMatchObject({ code: 1241002, message: "Invalid request parameters" });
      expect((await list({ create_time_start: NOW - 30 * DAY })).body.result).toBe(true);
    });

    it.each([
      [0, "en", "The param 'length' must be in range: [1,1000]"],
      [1001, "en", "The param 'length' must be in range: [1,1000]"],
      [1001, "zh", "单次返回最大记录数量length必须在 1-1000 之间"],
    ] as const)("length %i is 1240003 with the validation message (%s)", async (length, language, message) => {
      for (const door of ["apigw-v3", "esb-v3"] as const) {
        expect((await list({ length }, door, { language })).body).toMatchObject({ result: false, code: 1240003, message });
      }
    });

    it("an unknown type is 1241002; an unknown status or launch mode fails in the query (1240002)", async () => {
      expect((await list({ type: 9 })).body.code).toBe(1241002);
      expect((await list({ status: 12 })).body.code).toBe(1240002);
      expect((await list({ launch_mode: 7 })).body.code).toBe(1240002);
      expect((await list({ length: "many" })).body.code).toBe(1240003);
    });

    it("ESB v2 has no get_job_instance_list (404)", async () => {
      expect((await callDoor(sim(), "esb-v2", "get_job_instance_list", { bk_biz_id: 1, create_time_start: NOW - DAY, create_time_end: NOW })).status).toBe(404);
    });

    it("a user without access_business is refused (9900403); no view permission is needed to list", async () => {
      expect((await list({}, "apigw-v3", { user: "outsider" })).body.code).toBe(9900403);
      expect((await list({}, "apigw-v3", { user: "lisi" })).body.result).toBe(true);
    });
  });

  describe("filters (buildSearchCondition)", () => {
    it("name is LIKE '%name%': a part, any case, and _ matching any one character", async () => {
      const names = async (name: string) => new Set((await everything({ name })).data?.map((run: any) => run.name) ?? []);
      expect(await names("deploy")).toEqual(new Set(["deploy-web", "deploy-api", "approve-then-deploy", "canary-deploy"]));
      expect(await names("DEPLOY-W")).toEqual(new Set(["deploy-web"]));
      expect(await names("deploy_web")).toEqual(new Set(["deploy-web"]));
    });

    it("operator is equal (collation: any case), not a part", async () => {
      expect((await everything({ operator: "zhang" })).total).toBe(0);
      const exact = await everything({ operator: "zhangsan" });
      expect(exact.total).toBeGreaterThan(0);
      expect(new Set(exact.data.map((run: any) => run.operator))).toEqual(new Set(["zhangsan"]));
      expect((await everything({ operator: "ZhangSan" })).total).toBe(exact.total);
    });

    it.each([
      ["status", 4, (run: any) => run.status === 4],
      ["launch_mode", 3, (run: any) => run.launch_mode === 3 && ["db-backup", "log-rotate", "cert-renew"].includes(run.name)],
      ["type", 1, (run: any) => run.type === 1 && run.name === "check-disk-usage"],
      ["job_cron_id", 501, (run: any) => run.name === "db-backup"],
      ["ip", "10.11.1.1", (run: any) => run.name === "deploy-web"],
    ])("%s = %s", async (key, value, holds) => {
      const page = await everything({ [key]: value });
      expect(page.total).toBeGreaterThan(0);
      expect(page.data.every(holds)).toBe(true);
    });

    it("the window bounds create_time, both ends included", async () => {
      const [newest] = (await everything()).data;
      const exact = await everything({ create_time_start: newest.create_time, create_time_end: newest.create_time + 1 });
      expect(exact.data[0].job_instance_id).toBe(newest.job_instance_id);
    });

    it("job_instance_id replaces every other filter and the window, but not the business", async () => {
      const [run] = (await everything({ status: 4 })).data;
      const found = await list({ job_instance_id: run.job_instance_id, name: "no-such-name", create_time_start: 1, create_time_end: 2 });
      expect(found.body.data).toMatchObject({ total: 1, data: [{ job_instance_id: run.job_instance_id, status: 4 }] });
      const elsewhere = await callDoor(sim(), "apigw-v3", "get_job_instance_list", { ...scopeOf("apigw-v3", 2), create_time_start: 1, create_time_end: 2, job_instance_id: run.job_instance_id });
      expect(elsewhere.body.data).toMatchObject({ total: 0, data: null });
    });
  });
});

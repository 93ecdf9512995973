// The seed API answers the seed document's example, spelled as bk-job 3.x really spells it,
// and the old-docs scenario keeps the 2.x spelling; both methods and both path forms work.
import { describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { apiPath, callJob, CREDENTIALS, getApi, LOG_API, postApi, STATUS_API, useSimulator } from "./sim-client.js";

// ESB v2 get_job_instance_log's documentation, "返回结果示例" (example answer), verbatim.
const SEED_DOC_DATA = [
  {
    is_finished: true,
    step_instance_id: 90000,
    name: "test",
    status: 3,
    step_results: [
      {
        ip_status: 9,
        tag: "xxx",
        ip_logs: [
          {
            retry_count: 0,
            total_time: 60.599,
            start_time: "2018-03-15 14:39:30 +0800",
            end_time: "2018-03-15 14:40:31 +0800",
            ip: "10.0.0.1",
            bk_cloud_id: 0,
            error_code: 0,
            exit_code: 0,
            log_content: "[2018-03-15 14:39:30][PID:56875] job_start\n",
          },
        ],
      },
    ],
  },
];

// The same data with the three 3.x differences of §0: execute_count, no offset, (escaping is a no-op here).
const SEED_3X_DATA = [
  {
    is_finished: true,
    step_instance_id: 90000,
    name: "test",
    status: 3,
    step_results: [
      {
        ip_status: 9,
        tag: "xxx",
        ip_logs: [
          {
            execute_count: 0,
            total_time: 60.599,
            start_time: "2018-03-15 14:39:30",
            end_time: "2018-03-15 14:40:31",
            ip: "10.0.0.1",
            bk_cloud_id: 0,
            error_code: 0,
            exit_code: 0,
            log_content: "[2018-03-15 14:39:30][PID:56875] job_start\n",
          },
        ],
      },
    ],
  },
];

const HEX_32 = /^[0-9a-f]{32}$/;

describe("seed scenario", () => {
  const sim = useSimulator();

  it("answers the seed document's data in the 3.x spelling", async () => {
    const answer = await callJob(sim(), LOG_API, SCENARIOS.seed);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe("application/json");
    expect(Number(answer.contentLength)).toBe(Buffer.byteLength(answer.text));
    const body = answer.json();
    expect(body).toEqual({
      result: true,
      code: 0,
      message: "",
      data: SEED_3X_DATA,
      job_request_id: expect.stringMatching(HEX_32),
      request_id: expect.stringMatching(HEX_32),
    });
  });

  it("gives every answer fresh request ids", async () => {
    const first = (await callJob(sim(), LOG_API, SCENARIOS.seed)).json();
    const second = (await callJob(sim(), LOG_API, SCENARIOS.seed)).json();
    expect(first.request_id).not.toBe(second.request_id);
    expect(first.job_request_id).not.toBe(second.job_request_id);
  });

  const paths = [
    ["GET with trailing slash", "GET", apiPath(LOG_API)],
    ["GET without trailing slash", "GET", apiPath(LOG_API).slice(0, -1)],
    ["POST with trailing slash", "POST", apiPath(LOG_API)],
    ["POST without trailing slash", "POST", apiPath(LOG_API).slice(0, -1)],
  ] as const;
  it.each(paths)("accepts %s", async (_name, method, path) => {
    const params = { ...CREDENTIALS, bk_biz_id: 1, job_instance_id: 100 };
    const answer =
      method === "GET" ? await getApi(sim(), LOG_API, params, { path }) : await postApi(sim(), LOG_API, params, { path });
    expect(answer.json()).toMatchObject({ result: true, data: SEED_3X_DATA });
  });

  it("accepts the 3.x scope parameters instead of bk_biz_id", async () => {
    const answer = await getApi(sim(), LOG_API, {
      ...CREDENTIALS,
      bk_scope_type: "biz",
      bk_scope_id: "1",
      job_instance_id: 100,
    });
    expect(answer.json()).toMatchObject({ result: true, data: SEED_3X_DATA });
  });

  it("describes the same job in get_job_instance_status, 3.x style", async () => {
    const body = (await callJob(sim(), STATUS_API, SCENARIOS.seed)).json();
    expect(body).toMatchObject({ result: true, code: 0, message: "" });
    expect(body.data).toEqual({
      is_finished: true,
      job_instance: {
        job_instance_id: 100,
        bk_job_id: 1,
        status: 3,
        name: "test",
        operator: "admin",
        create_time: "2018-03-15 14:39:30",
        start_time: "2018-03-15 14:39:30",
        end_time: "2018-03-15 14:40:31",
        total_time: 60.599,
        start_way: 2,
        current_step_instance_id: 90000,
        bk_biz_id: 1,
        bk_scope_type: "biz",
        bk_scope_id: "1",
      },
      blocks: [
        {
          step_instances: [
            {
              step_instance_id: 90000,
              step_id: 90000,
              name: "test",
              type: 1,
              operator: "admin",
              status: 3,
              execute_count: 0,
              start_time: "2018-03-15 14:39:30",
              end_time: "2018-03-15 14:40:31",
              total_time: 60.599,
              create_time: "2018-03-15 14:39:30",
              pause: 0,
              step_ip_status: [{ ip: "10.0.0.1", bk_cloud_id: 0, status: 9 }],
            },
          ],
        },
      ],
    });
  });
});

describe("seedOldFormat scenario", () => {
  const sim = useSimulator();

  it("answers the seed document's data with the old spelling and extra fields", async () => {
    const body = (await callJob(sim(), LOG_API, SCENARIOS.seedOldFormat)).json();
    expect(body).toMatchObject({ result: true, code: "0", message: "", data: SEED_DOC_DATA });
    expect(body).not.toHaveProperty("job_request_id");
    const step = body.data[0];
    const hostLog = step.step_results[0].ip_logs[0];
    expect(hostLog).not.toHaveProperty("execute_count");
    // Fields no client knows: tolerance is the point.
    expect(step).toMatchObject({ type: 1, block_order: 1 });
    expect(hostLog).toHaveProperty("ip_desc", "");
  });

  it("spells get_job_instance_status the old way too", async () => {
    const body = (await callJob(sim(), STATUS_API, SCENARIOS.seedOldFormat)).json();
    expect(body.code).toBe("0");
    expect(body.data.job_instance).toMatchObject({ start_time: "2018-03-15 14:39:30 +0800", total_time: 60.599 });
    expect(body.data.job_instance).not.toHaveProperty("bk_scope_type");
    expect(body.data.blocks[0]).toMatchObject({ type: 1, block_order: 1, block_name: "test" });
    expect(body.data.blocks[0].step_instances[0]).toMatchObject({ retry_count: 0, order: 1, operation_list: [] });
    expect(body.data.blocks[0].step_instances[0]).not.toHaveProperty("execute_count");
  });
});

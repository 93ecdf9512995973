// ESB's app and user authentication, as legacy-bk-paas paas2/esb answers it: HTTP 200,
// result false, code 1306000 with the validator's message, and never the secret.
import { describe, expect, it } from "vitest";
import { ESB_CODE, ESB_MESSAGE } from "../../src/local/sim/esb-errors.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator } from "../../src/local/sim/server.js";
import { CREDENTIALS, getApi, LOG_API, postApi, STATUS_API, useSimulator, type Params } from "./sim-client.js";

const job = { bk_biz_id: SCENARIOS.seed.bizId, job_instance_id: SCENARIOS.seed.jobInstanceId };

const refusals: [string, { params: Params; message: string }][] = [
  [
    "a wrong secret",
    { params: { ...CREDENTIALS, bk_app_secret: "guessed-secret" }, message: ESB_MESSAGE.wrongSecret("joblog") },
  ],
  [
    "an unknown app code",
    { params: { ...CREDENTIALS, bk_app_code: "intruder" }, message: ESB_MESSAGE.unknownAppCode("intruder") },
  ],
  ["no secret", { params: { ...CREDENTIALS, bk_app_secret: undefined }, message: ESB_MESSAGE.secretMissing }],
  ["an empty secret", { params: { ...CREDENTIALS, bk_app_secret: "" }, message: ESB_MESSAGE.secretMissing }],
  ["no app code", { params: { ...CREDENTIALS, bk_app_code: undefined }, message: ESB_MESSAGE.appCodeMissing }],
  ["no user", { params: { ...CREDENTIALS, bk_username: undefined }, message: ESB_MESSAGE.userMissing }],
];

describe("ESB authentication", () => {
  const sim = useSimulator();

  describe.each([LOG_API, STATUS_API] as const)("%s", (api) => {
    it.each(refusals)("refuses %s over GET", async (_name, { params, message }) => {
      const answer = await getApi(sim(), api, { ...params, ...job });
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({
        result: false,
        code: ESB_CODE.commonError,
        message,
        data: null,
        request_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      expect(answer.text).not.toContain(SIM_DEFAULTS.appSecret);
    });

    it.each(refusals)("refuses %s over POST", async (_name, { params, message }) => {
      const answer = await postApi(sim(), api, { ...params, ...job });
      expect(answer.json()).toMatchObject({ result: false, code: ESB_CODE.commonError, message });
    });
  });

  it("never echoes a wrong secret either", async () => {
    const answer = await getApi(sim(), LOG_API, { ...CREDENTIALS, bk_app_secret: "s3cr3t-guess", ...job });
    expect(answer.text).not.toContain("s3cr3t-guess");
  });

  it("accepts bk_token instead of bk_username", async () => {
    const answer = await getApi(sim(), LOG_API, { ...CREDENTIALS, bk_username: undefined, bk_token: "any-token", ...job });
    expect(answer.json()).toMatchObject({ result: true });
  });

  it("reads credentials from X-Bkapi-Authorization when it is sent", async () => {
    const answer = await getApi(sim(), LOG_API, job, { headers: { "X-Bkapi-Authorization": JSON.stringify(CREDENTIALS) } });
    expect(answer.json()).toMatchObject({ result: true });
  });

  it("refuses an X-Bkapi-Authorization header that is not JSON", async () => {
    const answer = await getApi(sim(), LOG_API, { ...CREDENTIALS, ...job }, { headers: { "X-Bkapi-Authorization": "{nope" } });
    expect(answer.json()).toMatchObject({ result: false, code: ESB_CODE.argumentError });
  });

  it("ignores a POST's query string, as ESB does", async () => {
    const query = new URLSearchParams(Object.entries(CREDENTIALS)).toString();
    const response = await fetch(`${sim().url}/api/c/compapi/v2/job/get_job_instance_log/?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(job),
    });
    expect(await response.json()).toMatchObject({ result: false, message: ESB_MESSAGE.secretMissing });
  });

  it("refuses a POST body that starts like JSON but is not", async () => {
    const response = await fetch(`${sim().url}/api/c/compapi/v2/job/get_job_instance_log/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"bk_app_code": "joblog",',
    });
    expect(await response.json()).toMatchObject({
      result: false,
      code: ESB_CODE.commonError,
      message: ESB_MESSAGE.badJsonBody,
    });
  });

  it("accepts a form-encoded POST", async () => {
    const response = await fetch(`${sim().url}/api/c/compapi/v2/job/get_job_instance_log/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...CREDENTIALS, bk_biz_id: "1", job_instance_id: "100" }).toString(),
    });
    expect(await response.json()).toMatchObject({ result: true });
  });
});

describe("custom credentials", () => {
  it("uses the app code and secret it was started with", async () => {
    const sim = await startSimulator({ appCode: "other-app", appSecret: "other-secret" });
    try {
      const ok = await getApi(sim, LOG_API, { bk_app_code: "other-app", bk_app_secret: "other-secret", bk_username: "u", ...job });
      expect(ok.json()).toMatchObject({ result: true });
      const defaults = await getApi(sim, LOG_API, { ...CREDENTIALS, ...job });
      expect(defaults.json()).toMatchObject({ result: false, message: ESB_MESSAGE.unknownAppCode("joblog") });
    } finally {
      await sim.close();
    }
  });
});

// Failures in front of BK-JOB: an HTML 502, a truncated body, a request that never answers,
// a 503 that clears on retry; plus the delay knob and the request log.
import { describe, expect, it } from "vitest";
import { SCENARIOS } from "../../src/local/sim/scenarios.js";
import { startSimulator } from "../../src/local/sim/server.js";
import { callJob, CREDENTIALS, LOG_API, STATUS_API, useSimulator } from "./sim-client.js";

const jobUrl = (base: string, ref: { bizId: number; jobInstanceId: number }): string =>
  `${base}/api/c/compapi/v2/job/get_job_instance_log/?${new URLSearchParams({
    ...CREDENTIALS,
    bk_biz_id: String(ref.bizId),
    job_instance_id: String(ref.jobInstanceId),
  })}`;

describe("faults", () => {
  const sim = useSimulator();

  it("answers the gateway-error job with HTTP 502 and HTML", async () => {
    const answer = await callJob(sim(), LOG_API, SCENARIOS.gatewayError);
    expect(answer.status).toBe(502);
    expect(answer.contentType).toBe("text/html");
    expect(answer.text).toBe("<html><body><h1>502 Bad Gateway</h1></body></html>");
  });

  it.each([LOG_API, STATUS_API] as const)("truncates %s mid-way: a JSON prefix that does not parse", async (api) => {
    const answer = await callJob(sim(), api, SCENARIOS.truncated);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe("application/json");
    expect(Number(answer.contentLength)).toBe(Buffer.byteLength(answer.text));
    expect(answer.text.startsWith('{"result":true,"code":0,"message":"","data":')).toBe(true);
    expect(() => answer.json()).toThrow(SyntaxError);
  });

  it("leaves the hang job unanswered until the client gives up", async () => {
    const started = Date.now();
    const call = fetch(jobUrl(sim().url, SCENARIOS.hang), { signal: AbortSignal.timeout(200) });
    await expect(call).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(sim().requests.at(-1)).toMatchObject({ jobInstanceId: SCENARIOS.hang.jobInstanceId, bytesSent: 0 });
  });

  it("answers 503 once per job, then normally", async () => {
    const first = await callJob(sim(), LOG_API, SCENARIOS.serverErrorOnce);
    expect(first.status).toBe(503);
    expect(first.text).toContain("503 Service Temporarily Unavailable");
    const second = await callJob(sim(), LOG_API, SCENARIOS.serverErrorOnce);
    expect(second.status).toBe(200);
    expect(second.json()).toMatchObject({ result: true, data: [{ status: 3 }] });
    const statusCall = await callJob(sim(), STATUS_API, SCENARIOS.serverErrorOnce);
    expect(statusCall.json()).toMatchObject({ result: true, data: { is_finished: true } });

    sim().restartJob(SCENARIOS.serverErrorOnce.jobInstanceId);
    expect((await callJob(sim(), LOG_API, SCENARIOS.serverErrorOnce)).status).toBe(503);
  });
});

describe("close()", () => {
  it("ends hanging requests, so nobody waits forever", async () => {
    const sim = await startSimulator();
    const call = fetch(jobUrl(sim.url, SCENARIOS.hang));
    const failure = call.then(
      () => "answered",
      () => "failed",
    );
    // Let the request arrive before closing.
    while (sim.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await sim.close();
    expect(await failure).toBe("failed");
  });

  it("is safe to call twice", async () => {
    const sim = await startSimulator();
    await sim.close();
    await expect(sim.close()).resolves.toBeUndefined();
  });
});

describe("delay and request log", () => {
  it("delays answers by the configured time and records what it sent", async () => {
    // Behaviour, not speed: with a delay the answer waits at least that long; without, far less.
    const sim = await startSimulator({ delayMs: 1_000, clock: { now: () => 42 } });
    try {
      let started = performance.now();
      const first = await callJob(sim, LOG_API, SCENARIOS.seed);
      expect(performance.now() - started).toBeGreaterThanOrEqual(990);

      sim.setDelay(0);
      started = performance.now();
      await callJob(sim, STATUS_API, SCENARIOS.seed);
      expect(performance.now() - started).toBeLessThan(990);

      expect(sim.requests).toEqual([
        {
          api: "get_job_instance_log",
          method: "GET",
          bizId: 1,
          jobInstanceId: 100,
          at: 42,
          bytesSent: Buffer.byteLength(first.text),
          username: expect.any(String),
        },
        { api: "get_job_instance_status", method: "GET", bizId: 1, jobInstanceId: 100, at: 42, bytesSent: expect.any(Number), username: expect.any(String) },
      ]);
      expect(() => sim.setDelay(-1)).toThrow(RangeError);
    } finally {
      await sim.close();
    }
  });

  it("close() cuts a delayed answer short", async () => {
    const sim = await startSimulator({ delayMs: 60_000 });
    const call = callJob(sim, LOG_API, SCENARIOS.seed).then(
      () => "answered",
      () => "failed",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await sim.close();
    expect(await call).toBe("failed");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("records unknown routes by path", async () => {
    const sim = await startSimulator();
    try {
      await fetch(`${sim.url}/nope?bk_biz_id=1`);
      expect(sim.requests).toEqual([
        { api: "/nope", method: "GET", bizId: null, jobInstanceId: null, at: expect.any(Number), bytesSent: expect.any(Number), username: null },
      ]);
    } finally {
      await sim.close();
    }
  });
});

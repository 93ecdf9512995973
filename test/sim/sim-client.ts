// Test helpers: start a simulator per suite and call it over real loopback HTTP with fetch,
// the way the bot will.
import { afterAll, beforeAll } from "vitest";
import { SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/local/sim/server.js";

export const LOG_API = "get_job_instance_log";
export const STATUS_API = "get_job_instance_status";
export type ApiName = typeof LOG_API | typeof STATUS_API;

export const apiPath = (api: ApiName): string => `/api/c/compapi/v2/job/${api}/`;

export const CREDENTIALS = {
  bk_app_code: SIM_DEFAULTS.appCode,
  bk_app_secret: SIM_DEFAULTS.appSecret,
  bk_username: SIM_DEFAULTS.username,
} as const;

export type Params = Record<string, string | number | undefined>;

export interface Answer {
  status: number;
  contentType: string | null;
  contentLength: string | null;
  text: string;
  /** Parsed body; throws if the body is not JSON. */
  json(): any; // tests read arbitrary JSON; the assertions are the type check
}

async function toAnswer(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    contentLength: response.headers.get("content-length"),
    text,
    json: () => JSON.parse(text),
  };
}

function definedEntries(params: Params): [string, string][] {
  return Object.entries(params).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]]));
}

export async function getApi(
  sim: Simulator,
  api: ApiName,
  params: Params,
  init: RequestInit & { path?: string } = {},
): Promise<Answer> {
  const query = new URLSearchParams(definedEntries(params)).toString();
  return toAnswer(await fetch(`${sim.url}${init.path ?? apiPath(api)}?${query}`, init));
}

export async function postApi(
  sim: Simulator,
  api: ApiName,
  body: Record<string, unknown>,
  init: RequestInit & { path?: string } = {},
): Promise<Answer> {
  return toAnswer(
    await fetch(`${sim.url}${init.path ?? apiPath(api)}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(init.headers as Record<string, string> | undefined) },
      body: JSON.stringify(body),
      ...(init.signal ? { signal: init.signal } : {}),
    }),
  );
}

/** A job call with the default credentials. */
export function callJob(
  sim: Simulator,
  api: ApiName,
  ref: { bizId: number; jobInstanceId: number },
  extra: Params = {},
): Promise<Answer> {
  return getApi(sim, api, { ...CREDENTIALS, bk_biz_id: ref.bizId, job_instance_id: ref.jobInstanceId, ...extra });
}

/** One simulator for the whole file, closed afterwards. */
export function useSimulator(options: SimulatorOptions = {}): () => Simulator {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator(options);
  });
  afterAll(async () => {
    await sim?.close();
  });
  return () => {
    if (!sim) throw new Error("simulator not started");
    return sim;
  };
}

/** A clock the test moves by hand. */
export function manualClock(start: number): { now: () => number; set: (t: number) => void; advance: (ms: number) => void } {
  let current = start;
  return {
    now: () => current,
    set: (t) => {
      current = t;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

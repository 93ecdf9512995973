// Test helper: one call through any of the simulator's doors, as a client would make it: ESB v2
// and ESB jobv3 with credentials in a JSON body, the gateway's user resources with credentials
// in X-Bkapi-Authorization, its system resources with the user in X-Bk-Username.
import type { Simulator } from "../../src/local/sim/server.js";
import { CREDENTIALS } from "./sim-client.js";

export type Door = "esb-v2" | "esb-v3" | "apigw-v3" | "apigw-v3-system";
export const DOORS: readonly Door[] = ["esb-v2", "esb-v3", "apigw-v3", "apigw-v3-system"];
export const V3_DOORS: readonly Door[] = ["esb-v3", "apigw-v3", "apigw-v3-system"];

/** Gateway resources registered as POST (resources.yaml); the others are GETs with a query. */
const GATEWAY_POSTS = new Set(["operate_step_instance", "operate_job_instance", "batch_get_job_instance_ip_log"]);

export interface DoorAnswer {
  status: number;
  body: any; // tests read arbitrary JSON; the assertions are the type check
}

export interface DoorOptions {
  user?: string;
  language?: "en" | "zh";
}

export async function callDoor(sim: Simulator, door: Door, api: string, params: Record<string, unknown>, options: DoorOptions = {}): Promise<DoorAnswer> {
  const user = options.user ?? CREDENTIALS.bk_username;
  const language: Record<string, string> = options.language === "en" ? { "Blueking-Language": "en" } : {};
  let response: Response;
  if (door === "esb-v2" || door === "esb-v3") {
    const path = door === "esb-v2" ? `/api/c/compapi/v2/job/${api}/` : `/api/c/compapi/v2/jobv3/${api}/`;
    response = await fetch(`${sim.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...language },
      body: JSON.stringify({ ...CREDENTIALS, bk_username: user, ...params }),
    });
  } else {
    const system = door === "apigw-v3-system";
    const auth = { bk_app_code: CREDENTIALS.bk_app_code, bk_app_secret: CREDENTIALS.bk_app_secret, ...(system ? {} : { bk_username: user }) };
    const headers: Record<string, string> = { "X-Bkapi-Authorization": JSON.stringify(auth), ...(system ? { "X-Bk-Username": user } : {}), ...language };
    const path = `${sim.url}/api/bk-job/prod/api/v3/${system ? "system/" : ""}${api}`;
    if (GATEWAY_POSTS.has(api)) {
      response = await fetch(path, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(params) });
    } else {
      const entries = Object.entries(params).flatMap(([key, value]): [string, string][] => (value === undefined ? [] : [[key, String(value)]]));
      const query = new URLSearchParams(entries);
      response = await fetch(`${path}?${query}`, { headers });
    }
  }
  const text = await response.text();
  return { status: response.status, body: text.startsWith("{") ? JSON.parse(text) : text };
}

/** Scope parameters as v3 clients send them (bk_biz_id for ESB v2). */
export function scopeOf(door: Door, bizId: number): Record<string, unknown> {
  return door === "esb-v2" ? { bk_biz_id: bizId } : { bk_scope_type: "biz", bk_scope_id: String(bizId) };
}

// The BK_* variables that point joblog at a simulator: what `npm run sim` prints, and what
// `joblog --sim` and local mode use for the simulator they start themselves.
import { SIM_DEFAULTS } from "./scenarios.js";

/** A gateway stage in front of the v3 routes, as a real bk-job gateway has (v3-api.ts accepts any). */
export const GATEWAY_STAGE_PATH = "/api/bk-job/prod";

export interface SimulatorVariables {
  BK_JOB_API_URL: string;
  BK_APP_CODE: string;
  BK_APP_SECRET: string;
  BK_USERNAME: string;
}

/** For the simulator at `url`, spoken to in `protocol` (BK_JOB_API; the gateway has its own path). */
export function simulatorVariables(
  url: string,
  protocol: string | undefined,
  credentials: { appCode: string; appSecret: string } = SIM_DEFAULTS,
): SimulatorVariables {
  return {
    BK_JOB_API_URL: protocol === "apigw-v3" ? `${url}${GATEWAY_STAGE_PATH}` : url,
    BK_APP_CODE: credentials.appCode,
    BK_APP_SECRET: credentials.appSecret,
    BK_USERNAME: SIM_DEFAULTS.username,
  };
}

// Picks the BK-JOB adapter for the configured protocol (BK_JOB_API). The one place the
// composition root (src/compose.ts) and the terminal command ask for a JobApi.
import type { Language } from "../i18n/index.js";
import type { JobApi } from "../ports/job-api.js";
import type { Logger } from "../ports/logger.js";
import type { BkJobCallRecord, Metrics } from "../ports/metrics.js";
import { createEsbV2Client } from "./esb-v2-client.js";
import { createEsbV2JobApi } from "./esb-v2-job-api.js";
import { createV3Client } from "./v3-client.js";
import { createV3JobApi } from "./v3-job-api.js";

/** Where BK-JOB is and who joblog is there: what config.bkJob holds, handed in by the caller. */
export interface BkJobSettings {
  protocol: "esb-v2" | "esb-v3" | "apigw-v3";
  /** apigw-v3 only: the app-type `/api/v3/system/*` resources. */
  apigwSystem: boolean;
  apiUrl: string;
  appCode: string;
  appSecret: string;
  username: string;
  timeoutMs: number;
  /** BK_JOB_WEB_URL: not used to call BK-JOB, accepted so that config.bkJob can be passed whole. */
  webUrl?: string | null;
}

export interface JobApiDependencies {
  fetch: typeof fetch;
  logger: Logger;
  language: Language;
  /** Counts each call by api, protocol and outcome (default: none). */
  metrics?: Metrics;
}

/** What every BK-JOB client of one user is made with, whichever API it reads. */
export function clientOptions(config: BkJobSettings, deps: JobApiDependencies) {
  return {
    baseUrl: config.apiUrl,
    appCode: config.appCode,
    appSecret: config.appSecret,
    username: config.username,
    timeoutMs: config.timeoutMs,
    fetch: deps.fetch,
    logger: deps.logger,
    language: deps.language === "zh-CN" ? "zh-cn" : "en",
    ...(deps.metrics ? { observe: observeWith(deps.metrics, config.protocol) } : {}),
  };
}

/** How a v3 client reaches BK-JOB: through ESB, or the API gateway (as a system or as a user). */
export function v3Transport(config: BkJobSettings) {
  return config.protocol === "apigw-v3" ? ({ kind: "gateway", system: config.apigwSystem } as const) : ({ kind: "esb" } as const);
}

export function createJobApi(config: BkJobSettings, deps: JobApiDependencies): JobApi {
  const common = clientOptions(config, deps);
  switch (config.protocol) {
    case "esb-v2":
      return createEsbV2JobApi(createEsbV2Client(common), deps.logger);
    case "esb-v3":
    case "apigw-v3":
      return createV3JobApi(createV3Client({ ...common, transport: v3Transport(config) }), { logger: deps.logger });
  }
}

function observeWith(metrics: Metrics, protocol: BkJobSettings["protocol"]): (call: BkJobCallRecord) => void {
  return (call) => metrics.bkJobCall(protocol, call);
}

// Picks the BK-JOB adapter for the configured protocol (BK_JOB_API). The one place main.ts
// asks for a JobApi.
import type { BkJobConfig, Language } from "../config.js";
import type { JobApi, Logger } from "../ports.js";
import { createEsbV2JobApi } from "./esb-v2-client.js";

export interface JobApiDependencies {
  fetch: typeof fetch;
  logger: Logger;
  language: Language;
}

export function createJobApi(config: BkJobConfig, deps: JobApiDependencies): JobApi {
  const common = {
    baseUrl: config.apiUrl,
    appCode: config.appCode,
    appSecret: config.appSecret,
    username: config.username,
    timeoutMs: config.timeoutMs,
    fetch: deps.fetch,
    logger: deps.logger,
    language: deps.language === "zh-CN" ? "zh-cn" : "en",
  };
  switch (config.protocol) {
    case "esb-v2":
      return createEsbV2JobApi(common);
    default:
      throw new Error(`BK_JOB_API=${config.protocol} is not supported yet; use esb-v2`);
  }
}

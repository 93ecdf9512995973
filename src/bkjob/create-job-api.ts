// Picks the BK-JOB adapter for the configured protocol (BK_JOB_API). The one place main.ts
// asks for a JobApi.
import type { BkJobConfig, Language } from "../config.js";
import type { JobApi, Logger } from "../ports.js";
import { createEsbV2Client } from "./esb-v2-client.js";
import { createEsbV2JobApi } from "./esb-v2-job-api.js";
import { createV3Client } from "./v3-client.js";
import { createV3JobApi } from "./v3-job-api.js";

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
      return createEsbV2JobApi(createEsbV2Client(common), deps.logger);
    case "esb-v3":
      return createV3JobApi(createV3Client({ ...common, transport: { kind: "esb" } }), { logger: deps.logger });
    case "apigw-v3":
      return createV3JobApi(createV3Client({ ...common, transport: { kind: "gateway", system: config.apigwSystem } }), {
        logger: deps.logger,
      });
  }
}

// BK-JOB's operations and step detail on every protocol that has them, as one BlueKing user:
// - ESB v2: POST `{paas}/api/c/compapi/v2/job/operate_{step,job}_instance/` (legacy-bk-paas
//   paas2/esb/components/confapis/job/job.yaml), bk_biz_id and the credentials in the body;
// - ESB jobv3: POST `{paas}/api/c/compapi/v2/jobv3/operate_{step,job}_instance/` (bk-job
//   docs/apidoc/esb/jobv3-confapis/job.yaml), with the scope;
// - the API gateway: POST `{stage}/api/v3[/system]/operate_{step,job}_instance` (bk-job
//   support-files/bk-api-gateway/v3/resources.yaml), credentials in X-Bkapi-Authorization; and
//   GET get_step_instance_detail, which only the gateway has.
// The request shapes are from support-files/bk-api-gateway/v3/apidocs/en/operate_step_instance.md.j2.
// These paths are not in openapi/bk-job.openapi.yaml (which holds the reads), so they are sent
// with fetch directly, through the same bk-call.ts policy, except that a write is never retried.
import { z } from "zod";
import type { JobRef } from "../core/job-ref.js";
import type { Confirmation } from "../core/step-actions.js";
import { ok, type Result } from "../core/upstream-error.js";
import type { CallOptions } from "../ports/job-api.js";
import type { JobOperations, JobOperationsPool } from "../ports/job-operations.js";
import { createBkCaller, type Received, type Send } from "./bk-call.js";
import type { BkJobSettings, JobApiDependencies } from "./create-job-api.js";
import { commonHeaders } from "./esb-v2-client.js";
import { createRedactor } from "./redact.js";
import { buildEsbV3Body, gatewayAuthorization, scopeOf } from "./v3-client.js";

/** Whatever `data` an operation answers with: joblog needs only that it succeeded. */
const anyData = { safeParse: (data: unknown) => ({ success: true as const, data: { data } }) };

/** EsbStepV3DTO.approval_info (EsbApprovalStepV3DTO): approval_user is {user_list, role_list}, often null. */
const stepDetailSchema = z
  .object({
    approval_info: z
      .object({
        approval_message: z.string().nullish(),
        approval_user: z
          .object({ user_list: z.array(z.string()).nullish(), role_list: z.array(z.string()).nullish() })
          .nullish()
          .catch(null),
      })
      .nullish(),
  })
  .transform((detail) => ({ detail }));

async function sent(response: Response): Promise<Received> {
  if (response.ok) return { response, body: { stream: response.body } };
  return { response, body: { text: await response.text() } };
}

export function createJobOperations(config: BkJobSettings, deps: Pick<JobApiDependencies, "fetch" | "logger" | "language">): JobOperations {
  const base = config.apiUrl.replace(/\/+$/, "");
  const credentials = { appCode: config.appCode, appSecret: config.appSecret, username: config.username };
  const callerOptions = { timeoutMs: config.timeoutMs, fetch: deps.fetch, logger: deps.logger, redact: createRedactor([config.appSecret]) };
  const write = createBkCaller({ ...callerOptions, retry: false });
  const read = createBkCaller(callerOptions);
  const headers: Record<string, string> = { ...commonHeaders(deps.language === "zh-CN" ? "zh-cn" : "en"), Accept: "application/json" };
  const gateway = config.protocol === "apigw-v3";
  if (gateway) {
    headers["X-Bkapi-Authorization"] = gatewayAuthorization(credentials);
    if (config.apigwSystem) headers["X-Bk-Username"] = config.username;
  }
  const gatewayPath = (api: string) => `${base}/api/v3/${config.apigwSystem ? "system/" : ""}${api}`;

  const post = (api: string, ref: JobRef, fields: Record<string, number>): Send => {
    let url: string;
    let body: object;
    switch (config.protocol) {
      case "esb-v2":
        url = `${base}/api/c/compapi/v2/job/${api}/`;
        body = { bk_app_code: credentials.appCode, bk_app_secret: credentials.appSecret, bk_username: credentials.username, bk_biz_id: ref.bizId, ...fields };
        break;
      case "esb-v3":
        url = `${base}/api/c/compapi/v2/jobv3/${api}/`;
        body = buildEsbV3Body(credentials, ref.bizId, fields);
        break;
      case "apigw-v3":
        url = gatewayPath(api);
        body = { ...scopeOf(ref.bizId), ...fields };
        break;
    }
    return async (signal, fetch) => sent(await fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal }));
  };

  const done = (result: Result<unknown>): Result<void> => (result.ok ? ok(undefined) : result);

  return {
    async operateStep(ref, stepInstanceId, operationCode, options?: CallOptions) {
      const fields = { job_instance_id: ref.jobInstanceId, step_instance_id: stepInstanceId, operation_code: operationCode };
      return done(await write("operate_step_instance", post("operate_step_instance", ref, fields), options, anyData));
    },
    async operateJob(ref, operationCode, options?: CallOptions) {
      const fields = { job_instance_id: ref.jobInstanceId, operation_code: operationCode };
      return done(await write("operate_job_instance", post("operate_job_instance", ref, fields), options, anyData));
    },
    async stepConfirmation(ref, stepInstanceId, options?: CallOptions): Promise<Result<Confirmation | null>> {
      if (!gateway) return ok(null);
      const query = new URLSearchParams({ ...scopeOf(ref.bizId), job_instance_id: String(ref.jobInstanceId), step_instance_id: String(stepInstanceId) });
      const send: Send = async (signal, fetch) => sent(await fetch(`${gatewayPath("get_step_instance_detail")}?${query}`, { method: "GET", headers, signal }));
      const result = await read("get_step_instance_detail", send, options, stepDetailSchema);
      if (!result.ok) return result;
      const approval = result.value.detail.approval_info;
      if (!approval) return ok(null);
      const who = approval.approval_user;
      return ok({ message: approval.approval_message ?? "", users: [...(who?.user_list ?? []), ...(who?.role_list ?? [])] });
    },
  };
}

/** One JobOperations per BlueKing user, made on first use and kept (an adapter is a URL and credentials). */
export function createJobOperationsPool(config: BkJobSettings, deps: Pick<JobApiDependencies, "fetch" | "logger" | "language">): JobOperationsPool {
  const perUser = new Map<string, JobOperations>();
  return {
    forUser(username) {
      let operations = perUser.get(username);
      if (!operations) perUser.set(username, (operations = createJobOperations({ ...config, username }, deps)));
      return operations;
    },
  };
}

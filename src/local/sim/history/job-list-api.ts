// get_job_instance_list (ESB jobv3 POST, gateway GET; ESB v2 has no list API: legacy-bk-paas
// paas2/esb/components/confapis/job/job.yaml lists none and bk-job's api/esb/v2 has no list
// resource). The checks and the query are EsbGetJobInstanceListV3Resource(Impl) and
// TaskInstanceDAOImpl.listPageTaskInstance / buildSearchCondition in bk-job:
// - parameters Spring cannot read, or a length outside 1..1000 (@Range): 1240003 Bad Request;
//   on a GET, missing create_time_start/_end too (required @RequestParam);
// - checkRequest: create_time_start/_end missing or < 1, or end <= start: 1241007 naming them;
//   a window over 30 days (Consts.MAX_SEARCH_TASK_HISTORY_RANGE_MILLS): 1241002; an unknown type: 1241002;
// - an unknown status or launch_mode throws while the query is built: 1240002;
// - job_instance_id > 0 replaces every other filter (the window too) but the business;
//   operator is equal, name is LIKE '%name%' (MySQL's utf8mb4 collation: case-insensitive,
//   % and _ left as wildcards); create_time within [start, end]; ip is one of the job's hosts;
// - newest first (ORDER BY create_time DESC; equal times in id order), `start`/`length` a page,
//   `length` and `start` echoed, `total` counted, `data` null on an empty page. No view
//   permission is checked: access_business is enough (permissions.ts).
import { BKJOB_CODE } from "../bkjob-errors.js";
import { bkJobFailure, jsonResponse, successText } from "../envelopes.js";
import { bkJobError, respond, type JobCall, type SimAnswer } from "../job-calls.js";
import { businessAccessRefusal } from "../permissions.js";
import { bizIdParam } from "../request-params.js";
import { SIM_BUSINESSES } from "../scenarios.js";
import { listRows, type ListRow } from "./list-rows.js";

const MAX_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_LENGTH = 1000;
const RUN_STATUSES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15]);
const TASK_TYPES: ReadonlySet<number> = new Set([0, 1, 2]);
const LAUNCH_MODES: ReadonlySet<number> = new Set([1, 2, 3]);
const NUMBERS = ["create_time_start", "create_time_end", "job_instance_id", "launch_mode", "type", "status", "job_cron_id", "start", "length"] as const;
type NumberKey = (typeof NUMBERS)[number];

const LENGTH_MESSAGE = { zh: "单次返回最大记录数量length必须在 1-1000 之间", en: "The param 'length' must be in range: [1,1000]" } as const;

export interface ListCall extends JobCall {
  /** Through the gateway the list is a GET with query parameters; through ESB jobv3 a POST with JSON. */
  method: "GET" | "POST";
}

export function answerJobList(call: ListCall): SimAnswer {
  const bizId = bizIdParam(call.params);
  if (bizId === null) return respond(bkJobError(BKJOB_CODE.missingOrInvalidParam, call, "bk_biz_id"));
  const bizName = SIM_BUSINESSES.get(bizId);
  if (bizName === undefined) return respond(bkJobError(BKJOB_CODE.businessNotFound, call));
  const noAccess = businessAccessRefusal(call, bizId, bizName);
  if (noAccess) return respond(noAccess);

  const numbers = readNumbers(call);
  if (numbers === null) return respond(bkJobError(BKJOB_CODE.badRequest, call));
  if (call.method === "GET" && (numbers.create_time_start === null || numbers.create_time_end === null)) {
    return respond(bkJobError(BKJOB_CODE.badRequest, call));
  }
  const length = numbers.length ?? 20;
  if (length < 1 || length > MAX_LENGTH) return respond(bkJobFailure(BKJOB_CODE.badRequest, LENGTH_MESSAGE[call.language], call.ids));

  const start = numbers.create_time_start;
  const end = numbers.create_time_end;
  if (start === null || start < 1) return respond(bkJobError(BKJOB_CODE.missingOrInvalidParam, call, "create_time_start"));
  if (end === null || end < 1) return respond(bkJobError(BKJOB_CODE.missingOrInvalidParam, call, "create_time_end"));
  if (end - start <= 0) return respond(bkJobError(BKJOB_CODE.missingOrInvalidParam, call, "create_time_start|create_time_end"));
  if (end - start > MAX_WINDOW_MS) return respond(bkJobError(BKJOB_CODE.invalidParams, call));
  if (numbers.type !== null && !TASK_TYPES.has(numbers.type)) return respond(bkJobError(BKJOB_CODE.invalidParams, call));
  if (numbers.status !== null && !RUN_STATUSES.has(numbers.status)) return respond(bkJobError(BKJOB_CODE.internalError, call));
  if (numbers.launch_mode !== null && !LAUNCH_MODES.has(numbers.launch_mode)) return respond(bkJobError(BKJOB_CODE.internalError, call));
  const offset = numbers.start ?? 0;
  if (offset < 0) return respond(bkJobError(BKJOB_CODE.internalError, call)); // a negative LIMIT offset fails in MySQL

  const matches = listRows(call.state, bizId, numbers.job_instance_id).filter(filterFor(call, numbers, start, end));
  const page = matches.slice(offset, offset + length);
  const data = { start: offset, length, total: matches.length, data: page.length > 0 ? page.map(item) : null };
  return respond(jsonResponse(200, successText(JSON.stringify(data), "3.x", call.ids)));
}

/** Every numeric parameter as a number or null when absent; null for the whole set when one is not a number. */
function readNumbers(call: ListCall): Record<NumberKey, number | null> | null {
  const numbers = {} as Record<NumberKey, number | null>;
  for (const key of NUMBERS) {
    const value = call.params[key];
    if (value === undefined || value === null || value === "") numbers[key] = null;
    else if (typeof value === "number" && Number.isSafeInteger(value)) numbers[key] = value;
    else if (typeof value === "string" && /^-?\d{1,18}$/.test(value.trim()) && Number.isSafeInteger(Number(value))) numbers[key] = Number(value);
    else return null;
  }
  return numbers;
}

function text(call: ListCall, key: string): string | null {
  const value = call.params[key];
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** SQL LIKE under a case-insensitive collation, the pattern's own % and _ still wildcards. */
export function likeContains(value: string, needle: string): boolean {
  const pattern = [...needle].map((char) => (char === "%" ? ".*" : char === "_" ? "." : char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(pattern, "is").test(value);
}

function filterFor(call: ListCall, numbers: Record<NumberKey, number | null>, start: number, end: number): (row: ListRow) => boolean {
  if (numbers.job_instance_id !== null && numbers.job_instance_id > 0) return () => true; // listRows found just that job
  const operator = text(call, "operator")?.toLowerCase() ?? null;
  const name = text(call, "name");
  const ip = typeof call.params["ip"] === "string" && call.params["ip"] !== "" ? call.params["ip"] : null;
  return (row) =>
    row.createTime >= start &&
    row.createTime <= end &&
    (operator === null || row.operator.toLowerCase() === operator) &&
    (name === null || likeContains(row.name, name)) &&
    (numbers.status === null || row.status === numbers.status) &&
    (numbers.launch_mode === null || row.launchMode === numbers.launch_mode) &&
    (numbers.type === null || row.type === numbers.type) &&
    (numbers.job_cron_id === null || numbers.job_cron_id <= 0 || row.cronId === numbers.job_cron_id) &&
    (ip === null || row.ips().includes(ip));
}

/** EsbTaskInstanceV3DTO: the scope fields (EsbAppScopeDTO), then the instance, job_instance_id not id. */
function item(row: ListRow) {
  return {
    bk_biz_id: row.bizId,
    bk_scope_type: "biz",
    bk_scope_id: String(row.bizId),
    job_instance_id: row.jobInstanceId,
    job_plan_id: row.planId,
    job_template_id: row.templateId,
    name: row.name,
    operator: row.operator,
    launch_mode: row.launchMode,
    status: row.status,
    start_time: row.startTime,
    end_time: row.endTime,
    total_time: row.totalTime,
    create_time: row.createTime,
    type: row.type,
  };
}

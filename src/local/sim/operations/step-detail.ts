// get_step_instance_detail, a gateway-only GET (support-files/bk-api-gateway/v3/resources.yaml;
// neither ESB v2 nor ESB jobv3 has it): what a step was asked to do. As
// EsbGetStepInstanceDetailV3ResourceImpl builds it, the answer is EsbStepV3DTO {id, name, type,
// script_info, file_info, approval_info}, nulls included; a manual confirmation's approval_info
// carries only approval_message: the impl never sets approval_type, approval_user or
// notify_channel, so who a confirmation is addressed to is not in any v3 answer.
import { BKJOB_CODE } from "../bkjob-errors.js";
import { bkJobFailure, jsonResponse, successText, type SimResponse } from "../envelopes.js";
import { answerAboutJob, bkJobError, respond, type JobCall, type SimAnswer } from "../job-calls.js";
import { simHostId, STEP_TYPE, type SimHost, type SimJob, type SimStep } from "../model.js";
import { idParam, textParam } from "../request-params.js";
import { findScenario } from "../scenarios.js";

const MUST_BE_POSITIVE = {
  job_instance_id: { zh: "任务实例ID必须为正整数", en: "Job instance id must be a positive number" },
  step_instance_id: { zh: "步骤实例ID必须为正整数", en: "Step instance id must be a positive number" },
} as const;

export function answerStepDetail(call: JobCall): SimAnswer {
  const { params } = call;
  // Four required @RequestParam (EsbGetStepInstanceDetailV3Resource; Spring's refusal is
  // 1240003 Bad Request), then @Min(1) on the ids, refused with their own message.
  const required = ["bk_scope_type", "bk_scope_id", "job_instance_id", "step_instance_id"];
  if (required.some((key) => textParam(params, key) === null)) return respond(bkJobError(BKJOB_CODE.badRequest, call));
  for (const key of ["job_instance_id", "step_instance_id"] as const) {
    if (idParam(params, key) === null) return respond(bkJobFailure(BKJOB_CODE.badRequest, MUST_BE_POSITIVE[key][call.language], call.ids));
  }
  // The step is looked up by job and step id before anything else: an unknown job is an unknown step.
  const jobInstanceId = idParam(params, "job_instance_id") ?? 0;
  if (!findScenario(jobInstanceId) && !call.state.extraScenario(jobInstanceId)) {
    return respond(bkJobError(BKJOB_CODE.stepInstanceNotFound, call));
  }
  return answerAboutJob(call, (job) => detail(call, job));
}

function detail(call: JobCall, job: SimJob): SimResponse {
  const stepInstanceId = idParam(call.params, "step_instance_id");
  const step = job.steps.find((candidate) => candidate.stepInstanceId === stepInstanceId);
  if (!step) return bkJobError(BKJOB_CODE.stepInstanceNotFound, call);
  return jsonResponse(200, successText(JSON.stringify(stepDetail(step)), "3.x", call.ids));
}

export function stepDetail(step: SimStep) {
  return {
    id: step.stepInstanceId,
    name: step.name,
    type: step.type,
    script_info: step.type === STEP_TYPE.script || step.type === STEP_TYPE.sql ? scriptInfo(step) : null,
    file_info: step.type === STEP_TYPE.file ? fileInfo(step) : null,
    approval_info:
      step.type === STEP_TYPE.manualConfirm
        ? { approval_type: null, approval_user: null, approval_message: step.confirmation?.message ?? "", notify_channel: null }
        : null,
  };
}

const ROOT = { id: 1, name: "root", alias: "root" };

function server(hosts: readonly Pick<SimHost, "ip" | "bkCloudId" | "bkHostId" | "ipv6">[]) {
  return {
    ip_list: hosts.map((host) => ({
      bk_host_id: simHostId(host),
      bk_cloud_id: host.bkCloudId,
      bk_cloud_name: host.bkCloudId === 0 ? "Default Area" : `BK-Net ${host.bkCloudId}`,
      ip: host.ip,
      ipv6: host.ipv6 ?? null,
      bk_agent_id: null,
      alive: 1,
    })),
    host_id_list: hosts.map((host) => simHostId(host)),
    dynamic_group_list: null,
    topo_node_list: null,
  };
}

function scriptInfo(step: SimStep) {
  return {
    script_type: 1, // a script written in the step
    script_id: null,
    script_version_id: null,
    script_content: `#!/bin/bash\n# ${step.name}\n`,
    script_language: 1,
    script_param: "",
    windows_interpreter: null,
    script_timeout: 7200,
    account: ROOT,
    server: server(step.hosts),
    is_param_sensitive: 0,
    is_ignore_error: 0,
  };
}

function fileInfo(step: SimStep) {
  const uploads = step.hosts.flatMap((host) => host.fileLogs ?? []).filter((file) => file.mode === 0);
  const sources = [...new Map(uploads.map((file) => [`${file.source.bkCloudId}:${file.source.ip}`, file.source])).values()];
  const downloads = step.hosts.flatMap((host) => host.fileLogs ?? []).filter((file) => file.mode === 1);
  return {
    file_source_list: [
      {
        file_list: [...new Set(uploads.map((file) => file.sourcePath))],
        account: ROOT,
        server: server(sources.map((source) => ({ ip: source.ip, bkCloudId: source.bkCloudId, ...(source.bkHostId !== undefined ? { bkHostId: source.bkHostId } : {}) }))),
        file_type: 1,
        file_source_id: null,
        file_source_code: null,
      },
    ],
    file_destination: { path: downloads[0]?.destinationPath ?? "/tmp", account: ROOT, server: server(step.hosts) },
    timeout: 7200,
    source_speed_limit: null,
    destination_speed_limit: null,
    transfer_mode: 2,
    is_ignore_error: 0,
  };
}

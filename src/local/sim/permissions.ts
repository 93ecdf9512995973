// Who may do what in the simulated BK-JOB, beyond the per-job view check of the scenarios
// (operator-only): the business-wide IAM action every API call needs, and who may answer a
// manual confirmation. Both follow bk-job's own code:
// - every /esb/api/** call passes AuthAppInterceptor, which asks IAM for `access_business` on
//   the business (src/backend/commons/common-iam/.../interceptor/AuthAppInterceptor.java,
//   BusinessAuthServiceImpl.authAccessBusiness). Reads then also need the job's operator or
//   `view_history` (ExecuteAuthServiceImpl.authViewTaskInstance); operations need nothing
//   more: TaskExecuteServiceImpl.doStepOperation / doTaskOperation check no IAM action at all,
//   and ExecuteAuthService has none for operating an execution.
// - a manual confirmation may be answered by its named users, or, when it names roles, by the
//   job's trigger (JOB_RESOURCE_TRIGGER_USER) or a CMDB role member; with no roles named, by
//   anyone (TaskExecuteServiceImpl.checkConfirmUser).
import { BKJOB_CODE, bkJobMessage, type IamPermission, type Language } from "./bkjob-errors.js";
import { bkJobFailure, type RequestIds, type SimResponse } from "./envelopes.js";
import type { SimConfirmation } from "./model.js";

/** A user IAM gives no `access_business` on any business: every call is refused with 9900403. */
export const NO_ACCESS_USER = "outsider";

/** The role bk-job gives the person who launched the job (JobRoleEnum). */
export const TRIGGER_ROLE = "JOB_RESOURCE_TRIGGER_USER";

/** CMDB role members the simulated CMDB knows (any other role has nobody). */
const CMDB_ROLE_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  bk_biz_maintainer: ["admin", "wangwu"],
};

/** The 9900403 refusal of AuthAppInterceptor, or null when the user may enter the business. */
export function businessAccessRefusal(call: { language: Language; ids: RequestIds; username: string }, bizId: number, bizName: string): SimResponse | null {
  if (call.username !== NO_ACCESS_USER) return null;
  const code = BKJOB_CODE.bkPermissionDenied;
  return bkJobFailure(code, bkJobMessage(code, call.language, call.username), call.ids, accessBusinessPermission(bizId, bizName));
}

function accessBusinessPermission(bizId: number, bizName: string): IamPermission {
  // The action as bk-job registers it in IAM (support-files/bkiam/*.json, "access_business").
  return {
    system_id: "bk_job",
    system_name: "作业平台",
    actions: [
      {
        id: "access_business",
        name: "业务访问",
        related_resource_types: [
          {
            system_id: "bk_cmdb",
            system_name: "配置平台",
            type: "biz",
            type_name: "业务",
            instances: [[{ type: "biz", type_name: "业务", id: String(bizId), name: bizName }]],
          },
        ],
      },
    ],
  };
}

/** TaskExecuteServiceImpl.checkConfirmUser: may `user` answer this confirmation of a job `jobOperator` launched? */
export function mayConfirm(confirmation: SimConfirmation | undefined, jobOperator: string, user: string): boolean {
  if (confirmation?.users.includes(user)) return true;
  const roles = confirmation?.roles ?? [];
  // No roles named: bk-job lets anyone through (the check only refuses inside the roles branch).
  if (roles.length === 0) return true;
  if (roles.includes(TRIGGER_ROLE) && jobOperator === user) return true;
  return roles.some((role) => CMDB_ROLE_MEMBERS[role]?.includes(user) ?? false);
}

// BK-JOB's own `result:false` answers (§4): codes, their zh_CN / en texts from bk-job's
// message_{zh_CN,en}.properties, and the IAM `permission` payload of EsbApplyPermissionDTO.

export const BKJOB_CODE = {
  permissionDenied: 1238001,
  invalidParams: 1241002,
  missingOrInvalidParam: 1241007,
  businessNotFound: 1243049,
  jobInstanceNotFound: 1244006,
  stepInstanceNotFound: 1244007,
  // Operations and the job list (TaskExecuteServiceImpl, EsbGetJobInstanceListV3ResourceImpl).
  internalError: 1240002,
  badRequest: 1240003,
  unsupportedOperation: 1241003,
  repeatStartJob: 1241015,
  notConfirmUser: 1244016,
  /** What IAM refusals carry in bk-job since 2021 (EsbResp.buildAuthFailResult, commit 135be09e2). */
  bkPermissionDenied: 9900403,
} as const;

export type Language = "zh" | "en";

const MESSAGES: Readonly<Record<number, { zh: string; en: string }>> = {
  1238001: {
    zh: "用户({0})权限不足，请前往权限中心确认并申请补充后重试",
    en: "User ({0}) permission not allowed, please confirm and apply permission in IAM and try again",
  },
  1241002: { zh: "请求参数不合法", en: "Invalid request parameters" },
  1241007: { zh: "请求参数[{0}]缺失或不合法", en: "Missing or invalid request parameter [{0}]" },
  1243049: { zh: "业务/业务集不存在或已被归档", en: "Business/Business Set not exist or archived" },
  1244006: { zh: "作业实例不存在", en: "Task instance does not exist" },
  1244007: { zh: "作业步骤实例不存在", en: "Task step instance does not exist" },
  1240002: { zh: "内部服务器异常", en: "Internal Server Error" },
  1240003: { zh: "错误的请求", en: "Bad Request" },
  1241003: { zh: "不支持的操作", en: "Unsupported operation" },
  1241015: {
    zh: "不支持的操作，请勿重复启动作业，job_instance_id={0}",
    en: "Unsupported operation,do not repeat start the job,job_instance_id={0}",
  },
  1244016: { zh: "只有步骤的确认人可以操作", en: "Only the confirmer of the step can operate" },
  9900403: {
    zh: "用户({0})权限不足，请前往权限中心确认并申请补充后重试",
    en: "User ({0}) permission not allowed, please confirm and apply permission in IAM and try again",
  },
};

/** The text bk-job would send for `code`, with {0} filled in; zh unless Blueking-Language says en. */
export function bkJobMessage(code: number, language: Language, parameter = ""): string {
  const texts = MESSAGES[code];
  if (!texts) return `error ${code}`;
  return texts[language].replace("{0}", parameter);
}

export interface IamInstance {
  type: string;
  type_name: string;
  id: string;
  name: string;
}

export interface IamPermission {
  system_id: string;
  system_name: string;
  actions: {
    id: string;
    name: string;
    related_resource_types: {
      system_id: string;
      system_name: string;
      type: string;
      type_name: string;
      instances: IamInstance[][];
    }[];
  }[];
}

/** What bk-job asks the user to apply for when they may not view a job's history. */
export function viewHistoryPermission(bizId: number, bizName: string): IamPermission {
  return {
    system_id: "bk_job",
    system_name: "作业平台",
    actions: [
      {
        id: "view_history",
        name: "查看执行历史",
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

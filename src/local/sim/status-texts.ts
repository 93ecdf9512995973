// The localised host-status texts bk-job puts in v3 answers (`result_type_desc`, `status_desc`),
// from its i18n files (agent.task.status.*), for the statuses the scenarios use.
import type { Language } from "./bkjob-errors.js";

const TEXTS: Readonly<Record<number, { zh: string; en: string }>> = {
  1: { zh: "Agent 异常", en: "Abnormal Agent" },
  5: { zh: "等待执行", en: "Waiting" },
  7: { zh: "正在执行", en: "Running" },
  9: { zh: "执行成功", en: "Success" },
  11: { zh: "任务失败", en: "Failed" },
  13: { zh: "任务超时", en: "Task Timeout" },
  104: { zh: "脚本返回码非零", en: "Non-zero Exit Code" },
  202: { zh: "文件传输失败", en: "File Transmission Failed" },
  403: { zh: "任务强制终止成功", en: "Force Terminated" },
};

export function hostStatusText(status: number, language: Language): string {
  return TEXTS[status]?.[language] ?? (language === "en" ? "Unknown" : "未知");
}

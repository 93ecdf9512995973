// BK-JOB statuses as a reader sees them: the icon of each phase and the words of each code, in
// the reader's language. Pure; what the codes mean is src/core/status.ts.
import type { RunPhase } from "../core/status.js";
import type { Messages } from "../i18n/index.js";

export const PHASE_ICONS: Record<RunPhase, string> = {
  success: "✅",
  failed: "❌",
  running: "🔄",
  waiting: "⏸️",
  pending: "⚪",
  stopped: "⏹️",
  unknown: "❔",
};

export function runStatusLabel(status: number, messages: Messages): string {
  return messages.runStatus[status] ?? messages.unknownStatus(status);
}

export function hostStatusLabel(ipStatus: number, messages: Messages): string {
  return messages.hostStatus[ipStatus] ?? messages.unknownStatus(ipStatus);
}

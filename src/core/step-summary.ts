// One step as every view of a job shows it (the report, a follow's progress): its place and
// name, status and phase, how long it ran, its hosts, and whether it waits for a person. Pure;
// the one place these rules are written.
import type { StepStatus } from "./job-model.js";
import type { HostCounts, StepSummary } from "./report-model.js";
import { RUN_STATUS_WAITING_CONFIRMATION, runPhase, STEP_TYPE_MANUAL_CONFIRM } from "./status.js";

export function elapsedMs(start: Date | null, end: Date | null, now: Date): number | null {
  if (start === null) return null;
  return Math.max(0, (end ?? now).getTime() - start.getTime());
}

/** How long a step has run (or ran): null before it starts; to `now` while it runs. */
export function stepDurationMs(step: Pick<StepStatus, "status" | "totalTimeMs" | "startTime" | "endTime">, now: Date): number | null {
  if (runPhase(step.status) === "pending") return null;
  return step.totalTimeMs ?? elapsedMs(step.startTime, step.endTime, now);
}

/**
 * A manual confirmation: BK-JOB says so by its type, or (where the type is unknown, ESB v2's log
 * alone) a step that lists no hosts and waits for a confirmation.
 */
export function isManualConfirm(step: Pick<StepStatus, "type" | "status">, listsHosts: boolean): boolean {
  return step.type === STEP_TYPE_MANUAL_CONFIRM || (!listsHosts && step.status === RUN_STATUS_WAITING_CONFIRMATION);
}

/** `position`: 0-based place in the job; `listsHosts`: whether BK-JOB listed any host for it. */
export function summariseStep(step: StepStatus, position: number, hosts: HostCounts, listsHosts: boolean, now: Date): StepSummary {
  return {
    stepInstanceId: step.stepInstanceId,
    index: position + 1,
    name: step.name || `#${position + 1}`,
    status: step.status,
    phase: runPhase(step.status),
    durationMs: stepDurationMs(step, now),
    hosts,
    manualConfirm: isManualConfirm(step, listsHosts),
  };
}

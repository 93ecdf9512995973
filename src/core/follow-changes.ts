// What happened since joblog last posted, as the list of thread replies a person wants: a step
// finished, a step failed or hosts failed, the job waits for a confirmation, the job ended.
// Pure; each change carries a stable key (for exactly-once posting) and the state after it.
import type { PostedState } from "./follow-model.js";
import type { JobProgress, StepProgress } from "./follow-progress.js";
import { RUN_STATUS_WAITING_CONFIRMATION } from "./status.js";

export type FollowChange =
  | { kind: "step_finished"; key: string; step: StepProgress; stateAfter: PostedState }
  | { kind: "step_failed"; key: string; step: StepProgress; newFailedHosts: string[]; stateAfter: PostedState }
  | { kind: "hosts_failed"; key: string; step: StepProgress; newFailedHosts: string[]; stateAfter: PostedState }
  | { kind: "waiting"; key: string; step: StepProgress; stateAfter: PostedState }
  | { kind: "job_ended"; key: string; stateAfter: PostedState };

const clone = (state: PostedState): PostedState => ({
  finishedSteps: [...state.finishedSteps],
  waitingSteps: [...state.waitingSteps],
  failedHosts: Object.fromEntries(Object.entries(state.failedHosts).map(([step, hosts]) => [step, [...hosts]])),
  ended: state.ended,
});

const isFailure = (step: StepProgress) => step.phase === "failed" || step.phase === "stopped" || step.phase === "unknown";

/** A short stable digest of a host list, so "these hosts failed" has one key however often it is computed. */
function digest(values: string[]): string {
  let hash = 0x811c9dc5;
  for (const char of values.join(",")) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

export function computeChanges(posted: PostedState, progress: JobProgress, options: { failuresOnly: boolean }): FollowChange[] {
  const changes: FollowChange[] = [];
  let state = clone(posted);
  const next = (mutate: (draft: PostedState) => void): PostedState => {
    const draft = clone(state);
    mutate(draft);
    state = draft;
    return draft;
  };

  for (const step of progress.steps) {
    const id = String(step.stepInstanceId);
    const reported = new Set(state.failedHosts[id] ?? []);
    const newFailedHosts = step.failedHostKeys.filter((host) => !reported.has(host));
    const addHosts = (draft: PostedState) => {
      draft.failedHosts[id] = [...(draft.failedHosts[id] ?? []), ...newFailedHosts].sort();
    };
    const alreadyFinished = state.finishedSteps.includes(step.stepInstanceId);

    if (step.finished && !alreadyFinished) {
      if (isFailure(step)) {
        const stateAfter = next((draft) => {
          draft.finishedSteps.push(step.stepInstanceId);
          addHosts(draft);
        });
        changes.push({ kind: "step_failed", key: `step:${id}:failed`, step, newFailedHosts, stateAfter });
      } else if (newFailedHosts.length > 0) {
        // Finished as a success (e.g. "ignore error") with failed hosts: still worth the failure detail.
        const stateAfter = next((draft) => {
          draft.finishedSteps.push(step.stepInstanceId);
          addHosts(draft);
        });
        changes.push({ kind: "step_failed", key: `step:${id}:failed`, step, newFailedHosts, stateAfter });
      } else {
        const stateAfter = next((draft) => draft.finishedSteps.push(step.stepInstanceId));
        if (!options.failuresOnly) changes.push({ kind: "step_finished", key: `step:${id}:finished`, step, stateAfter });
      }
      continue;
    }
    if (!step.finished && newFailedHosts.length > 0) {
      const stateAfter = next(addHosts);
      changes.push({ kind: "hosts_failed", key: `step:${id}:hosts:${digest(newFailedHosts)}`, step, newFailedHosts, stateAfter });
    }
    if (step.status === RUN_STATUS_WAITING_CONFIRMATION && !state.waitingSteps.includes(step.stepInstanceId)) {
      const stateAfter = next((draft) => draft.waitingSteps.push(step.stepInstanceId));
      changes.push({ kind: "waiting", key: `step:${id}:waiting`, step, stateAfter });
    }
  }

  if (progress.finished && !state.ended) {
    const stateAfter = next((draft) => {
      draft.ended = true;
    });
    changes.push({ kind: "job_ended", key: "job:ended", stateAfter });
  }
  return changes;
}

/** The state as it is now, with nothing left to tell: where a new follow starts from. */
export function stateOf(progress: JobProgress): PostedState {
  const { stateAfter } = computeChanges({ finishedSteps: [], waitingSteps: [], failedHosts: {}, ended: false }, { ...progress, finished: false }, { failuresOnly: false }).at(-1) ?? {
    stateAfter: { finishedSteps: [], waitingSteps: [], failedHosts: {}, ended: false },
  };
  return stateAfter;
}

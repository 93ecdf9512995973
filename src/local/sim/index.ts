// The BK-JOB simulator's public face, for tests, benchmarks and the bot's local mode.
export { startSimulator, type RecordedRequest, type Simulator, type SimulatorOptions } from "./server.js";
export {
  findScenario,
  SCENARIO_LIST,
  SCENARIOS,
  SIM_BUSINESSES,
  SIM_DEFAULTS,
  UNKNOWN_BIZ_ID,
  UNKNOWN_JOB_INSTANCE_ID,
  type Scenario,
  type ScenarioName,
} from "./scenarios.js";
export { CANARY_TIMING, ROLLING_RESTART_TIMING } from "./scenarios/running-jobs.js";
export { BKJOB_CODE } from "./bkjob-errors.js";
export { ESB_CODE, ESB_MESSAGE } from "./esb-errors.js";
export { serialiseJobLog } from "./serialise-job-log.js";
export { serialiseJobStatus } from "./serialise-job-status.js";
export { OPERABLE, OPERABLE_STEPS, RETRYABLE_HOSTS, CONFIRMATION, LONG_RUNNING_TIMING } from "./scenarios/operable.js";
export { LIVE_TIMING } from "./operations/live-job.js";
export { JOB_OPERATION, STEP_OPERATION, jobOperationVerdict, stepOperationVerdict } from "./operations/operation-rules.js";
export { NO_ACCESS_USER } from "./permissions.js";
export { HISTORY_FIRST_ID } from "./history/job-history.js";
export { WATCH_DEMO_RULES, type NewRunsRule } from "./history/history-index.js";

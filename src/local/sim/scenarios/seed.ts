// The example answer of ESB v2's get_job_instance_log documentation (BlueKing's ESB docs,
// https://github.com/TencentBlueKing/legacy-bk-paas, paas2/esb/components/confapis/job/apidocs), as data. Several scenarios
// reuse it: the 3.x and old-docs spellings, the copy in another business, and the fault
// scenarios that eventually (or partly) answer with it.
import { beijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, START_WAY, type SimJob, type WireFormat } from "../model.js";
import { simHost, simJob, simStep } from "./builders.js";

// The doc shows 14:39:30 → 14:40:31 and total_time 60.599: the start must carry 401 ms that
// the "yyyy-MM-dd HH:mm:ss" format hides.
const SEED_START = beijingTime("2018-03-15 14:39:30.401");
const SEED_END = beijingTime("2018-03-15 14:40:31");

export const SEED_STEP_INSTANCE_ID = 90000;
export const SEED_LOG = "[2018-03-15 14:39:30][PID:56875] job_start\n";

export interface SeedJobOptions {
  bizId: number;
  jobInstanceId: number;
  format?: WireFormat;
  stepInstanceId?: number;
  name?: string;
}

export function seedJob(options: SeedJobOptions): SimJob {
  const stepInstanceId = options.stepInstanceId ?? SEED_STEP_INSTANCE_ID;
  return simJob({
    bizId: options.bizId,
    jobInstanceId: options.jobInstanceId,
    name: options.name ?? "test",
    status: RUN_STATUS.success,
    startWay: START_WAY.api,
    createTime: SEED_START,
    startTime: SEED_START,
    endTime: SEED_END,
    format: options.format ?? "3.x",
    currentStepInstanceId: stepInstanceId,
    steps: [
      simStep({
        stepInstanceId,
        name: "test",
        status: RUN_STATUS.success,
        createTime: SEED_START,
        startTime: SEED_START,
        endTime: SEED_END,
        hosts: [
          simHost({
            ip: "10.0.0.1",
            ipStatus: HOST_STATUS.success,
            tag: "xxx",
            startTime: SEED_START,
            endTime: SEED_END,
            log: SEED_LOG,
          }),
        ],
      }),
    ],
  });
}

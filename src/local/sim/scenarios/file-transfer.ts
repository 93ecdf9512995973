// "distribute-config": a file-distribution step (type 2) from one source host to three targets:
// one receives the file, one runs out of disk space, one times out. Each target's file logs hold
// the source's upload and its own download (https://github.com/TencentBlueKing/bk-job/blob/HEAD/docs/apidoc/esb/jobv3-confapis/apidocs/en/get_job_instance_ip_log.md); ESB v2 sends their lines joined.
// Then a script step that never starts.
import { beijingTime, formatBeijingTime } from "../beijing-time.js";
import { FILE_STATUS, HOST_STATUS, RUN_STATUS, STEP_TYPE, type SimFileLog, type SimJob } from "../model.js";
import { simHost, simJob, simStep } from "./builders.js";

export const FILE_SOURCE = { ip: "10.0.9.10", bkCloudId: 0 } as const;
export const FILE_SOURCE_PATH = "/data/release/app-2.3.1.tar.gz";
export const FILE_TARGET_DIR = "/opt/app/releases/";

const T0 = beijingTime("2024-12-12 12:12:00");
const at = (seconds: number): number => T0 + seconds * 1000;
const stamp = (seconds: number): string => `[${formatBeijingTime(at(seconds))}]`;

const upload: SimFileLog = {
  mode: 0,
  source: FILE_SOURCE,
  sourcePath: FILE_SOURCE_PATH,
  destination: null,
  destinationPath: null,
  status: FILE_STATUS.finished,
  log: `${stamp(2)} FileName: ${FILE_SOURCE_PATH} FileSize: 48.2 MB State: source agent success upload file Speed: 96 MB/s Progress: 100% StatusDesc: source agent success upload file Detail: success upload\n`,
  size: "48.2 MB",
  speed: "96 MB/s",
  progress: "100%",
};

function download(ip: string, status: number, seconds: number, detail: string, progress: string): SimFileLog {
  const finished = status === FILE_STATUS.finished;
  return {
    mode: 1,
    source: FILE_SOURCE,
    sourcePath: FILE_SOURCE_PATH,
    destination: { ip, bkCloudId: 0 },
    destinationPath: `${FILE_TARGET_DIR}app-2.3.1.tar.gz`,
    status,
    log:
      `${stamp(seconds)} FileName: ${FILE_TARGET_DIR}app-2.3.1.tar.gz FileSize: 48.2 MB ` +
      `State: ${finished ? "dest agent success download file" : "download failed"} Speed: ${finished ? "32 MB/s" : "0 KB/s"} ` +
      `Progress: ${progress} StatusDesc: ${finished ? "dest agent success download file" : "dest agent download file failed"} Detail: ${detail}\n`,
    size: "48.2 MB",
    speed: finished ? "32 MB/s" : "0 KB/s",
    progress,
  };
}

export function fileTransferJob(ids: { bizId: number; jobInstanceId: number }): SimJob {
  const target = (ip: string, ipStatus: number, seconds: number, file: SimFileLog) =>
    simHost({ ip, ipStatus, startTime: at(1), endTime: at(seconds), fileLogs: [upload, file] });
  return simJob({
    ...ids,
    bkJobId: 6200,
    name: "distribute-config",
    operator: "lisi",
    status: RUN_STATUS.failed,
    createTime: T0,
    startTime: T0,
    endTime: at(61),
    steps: [
      simStep({
        stepInstanceId: 62001,
        name: "push-release-tarball",
        type: STEP_TYPE.file,
        operator: "lisi",
        status: RUN_STATUS.failed,
        createTime: T0,
        startTime: at(1),
        endTime: at(61),
        hosts: [
          target("10.0.62.1", HOST_STATUS.success, 4, download("10.0.62.1", FILE_STATUS.finished, 4, "success", "100%")),
          target(
            "10.0.62.2",
            HOST_STATUS.fileTransferFailed,
            5,
            download("10.0.62.2", FILE_STATUS.failed, 5, "write /opt/app/releases/app-2.3.1.tar.gz: no space left on device", "37%"),
          ),
          target(
            "10.0.62.3",
            HOST_STATUS.fileTransferFailed,
            61,
            download("10.0.62.3", FILE_STATUS.failed, 61, "transfer timed out after 60s", "0%"),
          ),
        ],
      }),
      simStep({ stepInstanceId: 62002, name: "reload-app", operator: "lisi", createTime: T0 }),
    ],
  });
}

// "leaky-deploy": a failed job whose logs print secrets the way real scripts do (env dumps,
// curl -v headers, mysql -p, URLs with passwords, a private key), next to harmless look-alikes.
// joblog must mask every secret before showing or uploading any of it.
import { beijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, type SimJob } from "../model.js";
import { scriptLog, simHost, simJob, simStep } from "./builders.js";

export const LEAKED_SECRETS = [
  "hunter2-db-pass",
  "ghp_leakedTOKEN0123456789abcdefABCDEF01",
  "AKIAIOSFODNN7EXAMPLE",
  "eyJhbGciOiJIUzI1NiJ9.leaked.sig",
  "Sup3rMysqlPw",
  "gitPa55word",
  "MIIEowIBAAKCAQEAleakedKeyMaterial",
] as const;

const T0 = beijingTime("2024-08-08 08:08:08");
const at = (seconds: number): number => T0 + seconds * 1000;

export function secretLogsJob(ids: { bizId: number; jobInstanceId: number }): SimJob {
  const [dbPass, token, awsKey, jwt, mysqlPass, gitPass, keyMaterial] = LEAKED_SECRETS;
  return simJob({
    ...ids,
    bkJobId: 3103,
    name: "leaky-deploy",
    status: RUN_STATUS.failed,
    createTime: T0,
    startTime: T0,
    endTime: at(8),
    currentStepInstanceId: 31001,
    steps: [
      simStep({
        stepInstanceId: 31001,
        name: "deploy",
        status: RUN_STATUS.failed,
        createTime: T0,
        startTime: T0,
        endTime: at(8),
        hosts: [
          simHost({
            ip: "10.0.31.1",
            ipStatus: HOST_STATUS.nonZeroExitCode,
            exitCode: 1,
            startTime: T0,
            endTime: at(8),
            log: scriptLog(T0, 3101, [
              [0, "job_start"],
              `env: DB_PASSWORD=${dbPass} GITHUB_TOKEN=${token}`,
              `aws configure set aws_access_key_id ${awsKey}`,
              `> Authorization: Bearer ${jwt}`,
              `mysql -h db1 -uroot -p${mysqlPass} -e 'select 1'`,
              `git clone https://deploy:${gitPass}@git.example.com/app.git`,
              "-----BEGIN RSA PRIVATE KEY-----",
              keyMaterial,
              "-----END RSA PRIVATE KEY-----",
              "password reset email sent; token_count: 12",
              [8, "job_fail"],
            ]),
          }),
        ],
      }),
    ],
  });
}

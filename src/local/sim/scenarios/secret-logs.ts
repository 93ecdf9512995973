// "leaky-deploy": a failed job whose logs print secrets the way real scripts do, next to harmless
// look-alikes. joblog must mask every secret before showing or uploading any of it, and keep the
// look-alikes as they are. The data follows each token format's published shape, not joblog's
// rules:
// - GitHub: prefix + 36 base62 characters; fine-grained PATs github_pat_ + 82 characters
//   (https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/);
//   a classic OAuth token is 40 hex, and git accepts any token as the user part of an https URL.
// - Slack: xoxb- bot, xoxp- user, xoxa-/xoxr- workspace access and refresh tokens, xapp- app-level
//   tokens (https://api.slack.com/concepts/token-types, https://api.slack.com/authentication/rotation).
// - JWT: header.payload.signature, each base64url (RFC 7519); this one is jwt.io's example.
// Host 10.0.31.1: secrets after key names; 10.0.31.2: bare tokens; 10.0.31.3: joblog's own
// configured secrets printed by value, a token as a URL's user, and lines that must stay whole.
import { beijingTime } from "../beijing-time.js";
import { HOST_STATUS, RUN_STATUS, type SimJob } from "../model.js";
import { SIM_DEFAULTS } from "../sim-defaults.js";
import { scriptLog, simHost, simJob, simStep } from "./builders.js";

/** What joblog is configured with in the test that reads this job: it must mask these by value. */
export const READER_SECRETS = {
  bkAppSecret: SIM_DEFAULTS.appSecret,
  // A signing secret is 32 hex characters: only its value tells it from an MD5 sum.
  slackSigningSecret: "67448ad1aca5112596bc8bbfc5ea3e78",
  slackBotToken: "xoxb-2210535565-3141592653589-Jb9yW0eQk8sLdA7cPzR2mX4v",
} as const;

const GITHUB = {
  pat: "ghp_R8vKq2LmN4xT7bYc1WdZ9sFh3JpQe6uAo0Gi",
  oauth: "gho_Z4pQ8rT2vW6yA1cE5gI9kM3oS7uX0bD4fH8j",
  userToServer: "ghu_L3nP7rT1vX5zB9dF3hJ7lN1pR5tV9xZ3bD7f",
  serverToServer: "ghs_Q2wE4rT6yU8iO0pA2sD4fG6hJ8kL0zX2cV4b",
  refresh: "ghr_M1nB3vC5xZ7lK9jH1gF3dS5aP7oI9uY1tR3e",
  fineGrained: "github_pat_11ABCDEFG0aBcDeFgHiJkL_mNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678",
  classicInUrl: "b7e9a6e2e04ed3edbf8b4e21def4beccbb6eb6b1",
} as const;

const SLACK = {
  bot: "xoxb-1029384756-2938475610293-A1b2C3d4E5f6G7h8I9j0K1l2",
  user: "xoxp-1029384756-2938475610293-3847561029384-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
  workspaceAccess: "xoxa-2-1029384756-2938475610293-aB3dE5fG7hJ9kL1mN3pQ5rS7",
  workspaceRefresh: "xoxr-2-1029384756-2938475610293-zY8xW6vU4tS2rQ0pO8nM6lK4",
  app: "xapp-1-A0123BCDEFG-4567890123456-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
} as const;

const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

/** Every secret the logs print: none may reach Slack, a thread file, grep or a terminal. */
export const LEAKED_SECRETS = [
  "hunter2-db-pass",
  "ghp_leakedTOKEN0123456789abcdefABCDEF01",
  "AKIAIOSFODNN7EXAMPLE",
  "eyJhbGciOiJIUzI1NiJ9.leaked.sig",
  "Sup3rMysqlPw",
  "gitPa55word",
  "MIIEowIBAAKCAQEAleakedKeyMaterial",
  ...Object.values(GITHUB),
  ...Object.values(SLACK),
  JWT,
  ...Object.values(READER_SECRETS),
] as const;

/** Lines that look a little like secrets, or sit next to one, and must be shown exactly as printed. */
export const KEPT_LINES = [
  "password reset email sent; token_count: 12",
  "Enter password:",
  `ERROR 1045 (28000): Access denied for user 'web'@'10.0.31.3' (using password: YES)`,
  "HEAD is now at 3f786850e387550fdab836ed7e6dc881de23001b release 2.4.1",
  "request id 123e4567-e89b-12d3-a456-426614174000 accepted",
  "pulled registry.example.com/web@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "note: the password policy requires rotation every 90 days",
  "llm config: max_tokens=1024 temperature=0.2",
] as const;

const T0 = beijingTime("2024-08-08 08:08:08");
const at = (seconds: number): number => T0 + seconds * 1000;

function keyedSecretsLog(): string {
  const [dbPass, token, awsKey, jwt, mysqlPass, gitPass, keyMaterial] = LEAKED_SECRETS;
  return scriptLog(T0, 3101, [
    [0, "job_start"],
    `env: DB_PASSWORD=${dbPass} GITHUB_TOKEN=${token}`,
    `aws configure set aws_access_key_id ${awsKey}`,
    `> Authorization: Bearer ${jwt}`,
    `mysql -h db1 -uroot -p${mysqlPass} -e 'select 1'`,
    `git clone https://deploy:${gitPass}@git.example.com/app.git`,
    "-----BEGIN RSA PRIVATE KEY-----",
    keyMaterial,
    "-----END RSA PRIVATE KEY-----",
    KEPT_LINES[0],
    [8, "job_fail"],
  ]);
}

function bareTokensLog(): string {
  return scriptLog(T0, 3102, [
    [0, "job_start"],
    [1, `using ${GITHUB.pat} for the release`],
    [1, `oauth ${GITHUB.oauth} user ${GITHUB.userToServer}`],
    [1, `app ${GITHUB.serverToServer} refresh ${GITHUB.refresh}`],
    [1, `fine-grained ${GITHUB.fineGrained}`],
    [2, `notify ${SLACK.bot}`],
    [2, `as user ${SLACK.user}`],
    [2, `workspace ${SLACK.workspaceAccess} ${SLACK.workspaceRefresh}`],
    [2, `socket ${SLACK.app}`],
    [3, `session ${JWT}`],
    [8, "job_fail"],
  ]);
}

function ownSecretsAndLookAlikesLog(): string {
  return scriptLog(T0, 3103, [
    [0, "job_start"],
    [1, `debug: app secret ${READER_SECRETS.bkAppSecret} signing ${READER_SECRETS.slackSigningSecret}`],
    [1, `debug: bot ${READER_SECRETS.slackBotToken}`],
    [2, `git clone https://${GITHUB.classicInUrl}@github.com/acme/web.git`],
    [3, KEPT_LINES[3]],
    [3, KEPT_LINES[4]],
    [3, KEPT_LINES[5]],
    [3, KEPT_LINES[6]],
    [3, KEPT_LINES[7]],
    [4, "+ mysql -h db1 -u web -p"],
    KEPT_LINES[1],
    KEPT_LINES[2],
    [8, "job_fail"],
  ]);
}

export function secretLogsJob(ids: { bizId: number; jobInstanceId: number }): SimJob {
  const failed = (ip: string, exitCode: number, log: string) =>
    simHost({ ip, ipStatus: HOST_STATUS.nonZeroExitCode, exitCode, startTime: T0, endTime: at(8), log });
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
        hosts: [failed("10.0.31.1", 1, keyedSecretsLog()), failed("10.0.31.2", 2, bareTokensLog()), failed("10.0.31.3", 3, ownSecretsAndLookAlikesLog())],
      }),
    ],
  });
}

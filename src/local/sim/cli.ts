// The pieces of `npm run sim` that can be tested without a process: reading the flags and
// writing the start-up text (settings for the bot, for each protocol, then the scenario list).
import { simulatorVariables } from "./joblog-variables.js";
import { SCENARIO_LIST, SIM_DEFAULTS } from "./scenarios.js";

export interface CliSettings {
  host: string;
  port: number;
  appCode: string;
  appSecret: string;
  delayMs: number;
}

export const CLI_DEFAULTS: CliSettings = {
  host: "127.0.0.1",
  port: 8700,
  appCode: SIM_DEFAULTS.appCode,
  appSecret: SIM_DEFAULTS.appSecret,
  delayMs: 0,
};

export const CLI_USAGE =
  "usage: npm run sim -- [--port 8700] [--host 127.0.0.1] [--app-code joblog] [--app-secret sim-secret] [--delay-ms 0]";

export type CliParse = { ok: true; settings: CliSettings } | { ok: false; error: string } | { ok: false; help: true };

const FLAGS = {
  "--host": "host",
  "--port": "port",
  "--app-code": "appCode",
  "--app-secret": "appSecret",
  "--delay-ms": "delayMs",
} as const satisfies Record<string, keyof CliSettings>;

type Flag = keyof typeof FLAGS;
const isFlag = (text: string): text is Flag => Object.hasOwn(FLAGS, text);

/** Accepts "--flag value" and "--flag=value". */
export function parseCliArgs(argv: readonly string[]): CliParse {
  const settings = { ...CLI_DEFAULTS };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? "";
    if (arg === "--help" || arg === "-h") return { ok: false, help: true };
    const [flag = "", inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg];
    if (!isFlag(flag)) return { ok: false, error: `unknown option ${arg}\n${CLI_USAGE}` };
    const value = inline ?? argv[(index += 1)];
    if (value === undefined || value === "") return { ok: false, error: `${flag} needs a value\n${CLI_USAGE}` };
    const key = FLAGS[flag];
    if (key === "port" || key === "delayMs") {
      const number = Number(value);
      const max = key === "port" ? 65535 : Number.MAX_SAFE_INTEGER;
      if (!/^\d+$/.test(value) || number > max) return { ok: false, error: `${flag} must be a whole number, got ${value}` };
      settings[key] = number;
    } else {
      settings[key] = value;
    }
  }
  return { ok: true, settings };
}

/** Lines to print once listening: one per setting the bot needs, then the scenarios. */
export function startupLines(url: string, settings: CliSettings): string[] {
  const width = Math.max(...SCENARIO_LIST.map((scenario) => String(scenario.jobInstanceId).length));
  const variables = simulatorVariables(url, "esb-v2", settings);
  return [
    ...Object.entries(variables).map(([name, value]) => `${name}=${value}`),
    "",
    "That URL serves ESB v2 (BK_JOB_API=esb-v2, the default) and ESB jobv3 (BK_JOB_API=esb-v3).",
    `For the API gateway: BK_JOB_API=apigw-v3 and BK_JOB_API_URL=${simulatorVariables(url, "apigw-v3").BK_JOB_API_URL}`,
    "",
    settings.delayMs > 0 ? `Every answer is delayed by ${settings.delayMs} ms.` : "",
    "Scenarios (/joblog <bk_biz_id> <job_instance_id>):",
    ...SCENARIO_LIST.map(
      (scenario) =>
        `  biz ${scenario.bizId}  job ${String(scenario.jobInstanceId).padStart(width)}  ${scenario.name}: ${scenario.description}`,
    ),
    "  any other job id: 1244006 作业实例不存在; business 9999: 1243049",
    "History: each business has hundreds of runs over the last 35 days (ids from 20000000001), listed by",
    "  get_job_instance_list on ESB jobv3 and the gateway (ESB v2 has no list API); every run has a report.",
    "Operations: operate_step_instance / operate_job_instance on every door (jobs 1500-1530 are made for them).",
    "Users: outsider has no access_business (9900403 on every call); lisi may read job 1510 but not confirm it (1244016).",
  ].filter((line, index, lines) => line !== "" || lines[index - 1] !== "");
}

// The process entry (`npm start`): reads the configuration, starts local mode (no Slack token:
// the local console with the simulator) or joblog itself (src/compose.ts), and stops cleanly on
// SIGTERM / SIGINT.
import { pathToFileURL } from "node:url";
import { startJoblog, type RunningJoblog } from "./compose.js";
import { ConfigError, loadConfig, loadLocalModeConfig, type Config } from "./config.js";
import { createLogger } from "./logging.js";
import type { Logger } from "./ports/logger.js";

/** SIGTERM / SIGINT: stop taking requests and polling, let in-flight calls finish, exit 0. */
function stopOnSignals(running: { stop(): Promise<void> }, logger: Logger): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "joblog is stopping");
    await running.stop().catch((error: unknown) => logger.error({ err: error }, "error while stopping"));
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

async function main(): Promise<void> {
  let config: Readonly<Config>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n\nSee README.md, "Configuration", for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  if (config.slack === null) {
    // No Slack token: local mode. The local Slack console, the real app and (unless
    // BK_JOB_API_URL is set) the BK-JOB simulator, all on this machine.
    const local = loadLocalModeConfig(process.env);
    const logger = createLogger(local.logLevel);
    // Loaded only here: the simulator and the console are no part of a production start-up.
    const { startLocalMode } = await import("./local/local-mode.js");
    const running = await startLocalMode({ config, logger, consolePort: local.consolePort, host: local.host });
    const bkJob = running.simulatorUrl ? "the built-in BK-JOB simulator (try /joblog 1 100)" : `BK-JOB at ${config.bkJob.apiUrl}`;
    process.stdout.write(`\njoblog local console: ${running.consoleUrl}\n  talking to ${bkJob}; Ctrl-C stops it.\n\n`);
    process.stdout.write('To use a real Slack workspace, set SLACK_BOT_TOKEN and more: README.md, "Create the Slack app".\n');
    stopOnSignals(running, logger);
    return;
  }
  const logger = createLogger(config.logLevel);
  let running: RunningJoblog;
  try {
    running = await startJoblog({ config, logger, readinessAtStart: true });
  } catch (error) {
    // The access file's reader (and its YAML parser) is loaded only when a file is configured.
    const { AccessFileError } = await import("./access/load-access-file.js");
    if (error instanceof AccessFileError) {
      process.stderr.write(`${error.message}\n\nSee README.md, "Access rules and identity".\n`);
      process.exit(1);
    }
    throw error;
  }
  logger.info(
    { mode: config.slack.mode, url: running.url, bkJob: config.bkJob.apiUrl, language: config.language },
    config.slack.mode === "http"
      ? `joblog is listening on ${running.url}/slack/events, with /healthz, /readyz and /metrics`
      : `joblog is connected to Slack (Socket Mode); /healthz, /readyz and /metrics on ${running.url}`,
  );
  stopOnSignals(running, logger);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`joblog failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

// The composition root: reads the configuration, picks the adapters behind every port, and
// starts joblog. `npm start` runs this file; tests call startJoblog() with their own parts.
import { pathToFileURL } from "node:url";
import type { WebClientOptions } from "@slack/web-api";
import { createJobApi } from "./bkjob/create-job-api.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { messagesFor } from "./i18n/messages.js";
import { createLogger } from "./logging.js";
import { systemClock, type Clock, type Logger } from "./ports.js";
import { startSlackApp, type RunningSlackApp } from "./slack/app.js";
import { setupGuide } from "./setup-guide.js";
import { HostLogCache } from "./use-cases/host-log-cache.js";

export interface JoblogOptions {
  config: Readonly<Config>;
  logger: Logger;
  clock?: Clock;
  fetch?: typeof fetch;
  slackClientOptions?: WebClientOptions;
  listen?: { port: number; host?: string };
}

export async function startJoblog(options: JoblogOptions): Promise<RunningSlackApp> {
  const { config, logger } = options;
  if (config.slack === null) throw new Error("startJoblog needs a Slack configuration");
  const clock = options.clock ?? systemClock;
  const jobApi = createJobApi(config.bkJob, {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    logger,
    language: config.language,
  });
  return startSlackApp({
    slack: config.slack,
    clientOptions: options.slackClientOptions,
    listen: options.listen,
    services: {
      jobApi,
      clock,
      logger,
      hostLogCache: new HostLogCache(clock),
      messages: messagesFor(config.language),
      language: config.language,
      defaultBizId: config.defaultBizId,
      webUrl: config.bkJob.webUrl,
      actingUser: config.bkJob.username,
      timeoutMs: config.bkJob.timeoutMs,
    },
  });
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
    process.stderr.write(setupGuide(config));
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const running = await startJoblog({ config, logger });
  logger.info(
    { mode: config.slack.mode, url: running.url, bkJob: config.bkJob.apiUrl, language: config.language },
    running.url ? `joblog is listening on ${running.url}/slack/events` : "joblog is connected to Slack (Socket Mode)",
  );
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`joblog failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

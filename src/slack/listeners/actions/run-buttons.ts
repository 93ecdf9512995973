// The buttons of finding runs and watching: Report (a listed run's report, to the channel, as
// `/joblog <biz> <job>` would post it), More (`recent`'s next page, in place of the list) and
// Stop (ends a watch). Button values come back from Slack: validated, never trusted.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { z } from "zod";
import { MAX_RUN_NAME_LENGTH } from "../../../core/run-command.js";
import { answerJobRequest } from "../../../use-cases/job-request.js";
import { answerRecent } from "../../../use-cases/recent-runs.js";
import { stopWatchById } from "../../../use-cases/watch-requests.js";
import type { ListenerDeps } from "../../listener-deps.js";
import { publishHome } from "../events/app-home-opened.js";
import { presser, readJobRef } from "./button-values.js";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const recentValue = z.object({
  bizId: id,
  name: z.string().max(MAX_RUN_NAME_LENGTH).nullable(),
  failedOnly: z.boolean(),
  operator: z.string().nullable(),
  offset: z.number().int().min(0).max(1_000_000),
});

export function runReportButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = readJobRef(action.value);
    const who = presser(body);
    if (!ref || !who.channel) return;
    try {
      const answer = await answerJobRequest(deps, { ...who, channel: who.channel }, { kind: "report", ref, grep: null }, (note) =>
        respond({ response_type: "ephemeral", replace_original: false, ...note }),
      );
      if (answer.kind === "failed") throw answer.error;
      const { reply } = answer;
      if (reply) await respond({ response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral", replace_original: false, ...reply.message });
    } catch (error) {
      deps.logger.error({ err: error, ref }, "could not answer a Report button");
    }
  };
}

export function recentMoreButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const who = presser(body);
    let value: z.infer<typeof recentValue>;
    try {
      value = recentValue.parse(JSON.parse(action.value ?? ""));
    } catch {
      return;
    }
    if (!who.channel) return;
    try {
      const answer = await answerRecent(deps, { ...who, channel: who.channel }, { bizId: value.bizId, name: value.name, failedOnly: value.failedOnly, mine: value.operator !== null, offset: value.offset });
      // The next page takes the list's place; a refusal comes as its own note.
      await respond({ response_type: "ephemeral", replace_original: answer.kind === "answered", ...answer.reply.message });
    } catch (error) {
      deps.logger.error({ err: error }, "could not answer a More button");
    }
  };
}

export function stopWatchButton(deps: ListenerDeps) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    try {
      const stopped = await stopWatchById(deps, presser(body), action.value ?? "");
      // On the App Home there is no response_url: the Home is published again instead.
      if ((body.container as { type?: string } | undefined)?.type === "view") await publishHome(deps, client, body.user.id);
      else await respond({ response_type: "ephemeral", replace_original: false, ...stopped.message });
    } catch (error) {
      deps.logger.error({ err: error }, "could not stop a watch");
    }
  };
}

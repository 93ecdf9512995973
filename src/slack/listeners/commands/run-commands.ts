// The /joblog commands that find runs and watch them (core/run-command.ts): acknowledged at once,
// answered through response_url like a report. `recent` and `watches` answer the asker alone;
// a started or stopped watch is said in the channel; `last` answers like a report.
import type { AckFn, RespondArguments, RespondFn } from "@slack/bolt";
import type { Command } from "../../../core/command.js";
import type { RunCommand } from "../../../core/run-command.js";
import { renderInternalError } from "../../../render/error-message.js";
import type { Asker } from "../../../use-cases/job-request.js";
import { answerLast, answerRecent } from "../../../use-cases/recent-runs.js";
import type { Reply } from "../../../use-cases/reply.js";
import { answerUnwatch, answerWatch, answerWatches } from "../../../use-cases/watch-requests.js";
import type { ListenerDeps } from "../../listener-deps.js";

const RUN_KINDS: ReadonlySet<Command["kind"]> = new Set(["recent", "last", "watch", "watches", "unwatch"]);

export const isRunCommand = (command: Command): command is RunCommand => RUN_KINDS.has(command.kind);

const responseOf = (reply: Reply): RespondArguments => ({ response_type: reply.visibility === "channel" ? "in_channel" : "ephemeral", ...reply.message });

async function replyFor(deps: ListenerDeps, asker: Asker, command: RunCommand, respond: RespondFn): Promise<Reply | null> {
  switch (command.kind) {
    case "recent":
      return (await answerRecent(deps, asker, { bizId: command.bizId, name: command.name, failedOnly: command.failedOnly, mine: command.mine, offset: 0 })).reply;
    case "last": {
      const answer = await answerLast(deps, asker, command, (note) => respond({ response_type: "ephemeral", ...note }));
      if (answer.kind === "failed") throw answer.error;
      return answer.reply;
    }
    case "watch":
      return answerWatch(deps, asker, command);
    case "watches":
      return answerWatches(deps, asker.channel.id);
    case "unwatch":
      return answerUnwatch(deps, asker, command);
  }
}

export async function runCommand(deps: ListenerDeps, asker: Asker, command: RunCommand, ack: AckFn<string | RespondArguments>, respond: RespondFn): Promise<void> {
  // `last` shows the command to the channel above its report, as `/joblog 2 10086` does.
  await deps.acknowledgements.first(() => (command.kind === "last" ? ack({ response_type: "in_channel" }) : ack()));
  try {
    const reply = await replyFor(deps, asker, command, respond);
    if (reply) await respond(responseOf(reply));
  } catch (error) {
    deps.logger.error({ err: error, command: command.kind, user: asker.user }, "could not answer /joblog");
    await respond({ response_type: "ephemeral", ...renderInternalError(deps.messages) }).catch(() => undefined);
  }
}

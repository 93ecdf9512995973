// The acknowledgement a request gets from its listener, known from the request's body alone, so
// that HTTP mode answers Slack before Bolt's App runs (../http-receiver.ts): it must say exactly
// what the listener's own ack() says, and null wherever the listener decides (usage help, which
// goes in the acknowledgement itself, and anything joblog has no listener for).
// - /joblog report, follow and `last`: in_channel, so Slack shows the channel the command
//   (commands/joblog-command.ts, commands/run-commands.ts); the other run commands: empty.
// - joblog's buttons and menus (block_actions): empty, whatever the action (index.ts).
// - Events API deliveries: empty, as Bolt itself acknowledges them before any listener.
import { parseCommand } from "../../core/command.js";
import type { EarlyAck } from "../http-receiver.js";
import { isRunCommand } from "./commands/run-commands.js";

export function earlyAckFor(options: { defaultBizId: number | null }): (body: Record<string, unknown>) => EarlyAck | null {
  return (body) => {
    if (body["command"] === "/joblog") {
      const command = parseCommand(typeof body["text"] === "string" ? body["text"] : "", options);
      if (command.kind === "help" || command.kind === "invalid") return null;
      if (isRunCommand(command) && command.kind !== "last") return {};
      return { body: { response_type: "in_channel" } };
    }
    if (body["type"] === "block_actions" || body["type"] === "event_callback") return {};
    return null;
  };
}

// `npm run sim`: runs the BK-JOB simulator until SIGINT/SIGTERM. Prints the settings the bot
// needs to talk to it (the secret is the simulator's own test value, not a real one).
import { CLI_USAGE, parseCliArgs, startupLines } from "./cli.js";
import { startSimulator } from "./server.js";

const parsed = parseCliArgs(process.argv.slice(2));
if (!parsed.ok) {
  if ("help" in parsed) {
    process.stdout.write(`${CLI_USAGE}\n`);
    process.exit(0);
  }
  process.stderr.write(`${parsed.error}\n`);
  process.exit(2);
}

const { settings } = parsed;
const simulator = await startSimulator(settings);
process.stdout.write(`${startupLines(simulator.url, settings).join("\n")}\n`);

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the simulator\n`);
  simulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

// Sends a burst of signed Slack requests to the bot at once, from a process that does nothing
// else, so each acknowledgement's time is the bot's and the network's, not the wait of a sender
// whose event loop is also busy being the fake Slack and the simulator. Everything a sender can
// do beforehand is done before the clock starts: one keep-alive connection per request opened
// and used (as Slack's senders already hold theirs), every body encoded and signed. Reads
// the requests as JSON on stdin; prints one JSON line: each request's send time (epoch ms), HTTP
// status and time to the complete response.
//   node --import tsx bench/send-burst-child.ts <botUrl> < requests.json
import { Agent, request as httpRequest } from "node:http";
import { interactionBody, signature, SIGNING_SECRET, slashCommandBody, type SlashCommandFields } from "../test/helpers/slack-requests.js";

export type BurstRequest = { kind: "command"; fields: SlashCommandFields } | { kind: "interaction"; payload: Record<string, unknown> };

export interface BurstResult {
  sentAt: number;
  status: number;
  elapsedMs: number;
}

const formBody = (request: BurstRequest): string => (request.kind === "command" ? slashCommandBody(request.fields) : interactionBody(request.payload));

/** One request on the agent's kept-alive connections: the status once the whole answer is in. */
function post(agent: Agent, url: string, body: string | null, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: body === null ? "GET" : "POST", agent, headers }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    outgoing.on("error", reject);
    outgoing.end(body ?? undefined);
  });
}

async function main(): Promise<void> {
  const [url = ""] = process.argv.slice(2);
  let input = "";
  for await (const chunk of process.stdin) input += String(chunk);
  const requests = JSON.parse(input) as BurstRequest[];
  const agent = new Agent({ keepAlive: true, maxSockets: requests.length });
  for (let round = 0; round < 3; round += 1) await Promise.all(requests.map(() => post(agent, `${url}/healthz`, null, {})));
  const timestamp = Math.floor(Date.now() / 1000);
  const prepared = requests.map((request) => {
    const body = formBody(request);
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature(SIGNING_SECRET, timestamp, body),
    };
    return { body, headers };
  });
  const results = await Promise.all(
    prepared.map(async ({ body, headers }): Promise<BurstResult> => {
      const sentAt = Date.now();
      const started = performance.now();
      const status = await post(agent, `${url}/slack/events`, body, headers);
      return { sentAt, status, elapsedMs: performance.now() - started };
    }),
  );
  agent.destroy();
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

await main();

// acknowledgeFirst: every request of a burst is acknowledged before any of them goes on with its
// work, and work still goes on when acknowledgements keep coming.
import { describe, expect, it } from "vitest";
import { acknowledgeFirst } from "../../src/slack/acknowledge.js";

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("acknowledgeFirst", () => {
  it("acknowledges a whole burst before any follow-up work starts", async () => {
    const events: string[] = [];
    const request = async (name: string, arrivesAfterTurns: number) => {
      for (let index = 0; index < arrivesAfterTurns; index += 1) await turn();
      await acknowledgeFirst(async () => {
        events.push(`ack ${name}`);
      });
      events.push(`work ${name}`);
    };
    // The third request arrives a turn later, while the first two wait.
    await Promise.all([request("a", 0), request("b", 0), request("c", 1)]);
    expect(events).toEqual(["ack a", "ack b", "ack c", "work a", "work b", "work c"]);
  });

  it("still lets the work go on while acknowledgements keep coming (within MAX_DEFER_MS)", async () => {
    let stop = false;
    const stream = (async () => {
      while (!stop) {
        void acknowledgeFirst(async () => {});
        await turn();
      }
    })();
    // Resolves although a new request is acknowledged every turn; a starved one would time out.
    await acknowledgeFirst(async () => {});
    stop = true;
    await stream;
  });
});

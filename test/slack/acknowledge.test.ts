// Acknowledging first: every request of a burst is acknowledged before any of them goes on with
// its work, a lone request goes on at once, and work still goes on when acknowledgements keep
// coming.
import { describe, expect, it } from "vitest";
import { Acknowledgements } from "../../src/slack/acknowledge.js";

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("Acknowledgements", () => {
  it("acknowledges a whole burst before any follow-up work starts, however it trickles in", async () => {
    const first = new Acknowledgements(20, 1_000);
    const events: string[] = [];
    const request = async (name: string, arrivesAfterMs: number) => {
      if (arrivesAfterMs > 0) await sleep(arrivesAfterMs);
      await first.first(async () => {
        events.push(`ack ${name}`);
      });
      events.push(`work ${name}`);
    };
    // The later requests arrive a turn and a few milliseconds after the first two.
    await Promise.all([request("a", 0), request("b", 0), (async () => (await turn(), request("c", 0)))(), request("d", 8)]);
    expect(events).toEqual(["ack a", "ack b", "ack c", "ack d", "work a", "work b", "work c", "work d"]);
  });

  it("lets a lone request go on after the quiet time, not the longest deferral", async () => {
    const first = new Acknowledgements(5, 60_000);
    const outcome = await Promise.race([first.first(async () => {}).then(() => "went on"), sleep(2_000).then(() => "still waiting")]);
    expect(outcome).toBe("went on");
  });

  it("still lets the work go on while acknowledgements keep coming (within its longest deferral)", async () => {
    const first = new Acknowledgements(20, 50);
    let stop = false;
    const stream = (async () => {
      while (!stop) {
        void first.first(async () => {});
        await sleep(1);
      }
    })();
    // Resolves although a new request is acknowledged every millisecond; a starved one would time out.
    await first.first(async () => {});
    stop = true;
    await stream;
  });
});

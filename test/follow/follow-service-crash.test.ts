// A process can die between any two steps of posting a reply. Two worst cases, each followed by a
// "restart" (a new FollowService on the same store): the reply reached Slack but was not written
// down, and the reply was written down but never sent. Either way it ends up in Slack once.
import { WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import { createJobApi } from "../../src/bkjob/create-job-api.js";
import { startFakeSlack, type FakeSlack } from "../../src/local/fake-slack/index.js";
import type { PostedState } from "../../src/core/follow-model.js";
import { FollowService } from "../../src/follow/follow-service.js";
import { createFollowSource } from "../../src/use-cases/follow-source.js";
import { SlackLanes } from "../../src/follow/slack-lanes.js";
import { messagesFor } from "../../src/i18n/index.js";
import { createFollowSlackApi } from "../../src/slack/follow-slack-client.js";
import { SCENARIOS, SIM_DEFAULTS } from "../../src/local/sim/scenarios.js";
import { startSimulator, type Simulator } from "../../src/local/sim/server.js";
import { MemoryFollowStore } from "../../src/store/memory-follow-store.js";
import { FakeTime } from "../support/fake-time.js";
import { followRendererFor } from "../../src/render/follow-renderer.js";
import { whenIdle } from "../support/follow-idle.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const slackLogger = { ...silent, setLevel() {}, getLevel: () => "error" as never, setName() {} };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/** A store that "dies" at one chosen moment: the call throws and every later call fails too. */
class DyingStore extends MemoryFollowStore {
  dead = false;
  private died = false;
  constructor(private readonly dieAt: "markPosted" | "afterAddOutbox", private readonly keyPattern: RegExp) {
    super();
  }
  override async addOutbox(entry: Parameters<MemoryFollowStore["addOutbox"]>[0]): Promise<boolean> {
    if (this.dead) throw new Error("process is dead");
    const added = await super.addOutbox(entry);
    if (this.dieAt === "afterAddOutbox" && !this.died && this.keyPattern.test(entry.key)) {
      this.dead = this.died = true;
      throw new Error("killed after writing the outbox entry");
    }
    return added;
  }
  override async markPosted(followId: string, key: string, ts: string, state: PostedState): Promise<void> {
    if (this.dead) throw new Error("process is dead");
    if (this.dieAt === "markPosted" && !this.died && this.keyPattern.test(key)) {
      this.dead = this.died = true;
      throw new Error("killed before writing down the post");
    }
    return super.markPosted(followId, key, ts, state);
  }
}

async function world() {
  const time = new FakeTime();
  const sim: Simulator = await startSimulator({ clock: time });
  const slack: FakeSlack = await startFakeSlack({ botToken: "xoxb-test-token" });
  cleanup.push(() => sim.close(), () => slack.close());
  const jobApi = createJobApi(
    { protocol: "esb-v2", apigwSystem: false, apiUrl: sim.url, appCode: SIM_DEFAULTS.appCode, appSecret: SIM_DEFAULTS.appSecret, username: SIM_DEFAULTS.username, webUrl: null, timeoutMs: 5000 },
    { fetch: globalThis.fetch.bind(globalThis), logger: silent, language: "en" },
  );
  const service = (store: MemoryFollowStore) => {
    const api = createFollowSlackApi(new WebClient("xoxb-test-token", { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logger: slackLogger }));
    const follows = new FollowService({
      store,
      source: createFollowSource({ jobApi, clock: time, logger: silent, webUrl: null }),
      lanes: new SlackLanes(api, time, time, silent),
      slack: api,
      clock: time,
      timers: time,
      logger: silent,
      render: followRendererFor(messagesFor("en")),
      webUrl: null,
      maxHours: 24,
    });
    cleanup.push(() => follows.shutdown());
    return follows;
  };
  const run = async (follows: FollowService, seconds: number) => {
    for (let second = 0; second < seconds; second += 1) {
      time.advance(1_000);
      await whenIdle(follows);
    }
  };
  return { time, sim, slack, service, run };
}

const replyKeys = (slack: FakeSlack) =>
  slack.calls
    .filter((c) => c.method === "chat.postMessage" && c.body.thread_ts !== undefined && c.response.ok === true)
    .map((c) => (c.body.metadata as { event_payload: { key: string } }).event_payload.key);

describe("crash while posting a follow's reply", () => {
  it.each([
    ["after Slack took the reply, before it was written down", "markPosted", /^step:\d+:finished$/, 25],
    ["after it was written down, before Slack got it", "afterAddOutbox", /^step:\d+:finished$/, 25],
    ["after Slack took a failed-hosts reply, before it was written down", "markPosted", /^step:\d+:hosts:/, 37],
    ["after a failed-hosts reply was written down, before Slack got it", "afterAddOutbox", /^step:\d+:hosts:/, 37],
  ] as const)("%s: posted exactly once after the restart", async (_name, dieAt, keyPattern, dieBy) => {
    const { slack, service, run } = await world();
    const store = new DyingStore(dieAt, keyPattern);
    const first = service(store);
    const started = await first.follow({ ref: SCENARIOS.running, channelId: "C1", userId: "U1", failuresOnly: false });
    expect(started.kind).toBe("started");
    await run(first, dieBy); // the process dies while posting that reply
    expect(store.dead).toBe(true);
    await first.shutdown();

    store.dead = false; // the file is still there; a new process opens it
    const second = service(store);
    expect(await second.resume()).toBe(1);
    await run(second, 40);

    const keys = replyKeys(slack);
    expect(keys.filter((key) => keyPattern.test(key))).toHaveLength(1);
    // The failing host is told about once, not again when its step fails.
    const withHost = slack.calls.filter(
      (c) => c.method === "chat.postMessage" && c.body.thread_ts !== undefined && c.body.reply_broadcast !== true && JSON.stringify(c.body.blocks).includes("10.0.7.2"),
    );
    expect(withHost).toHaveLength(1);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain("job:ended");
    // The reconciliation looked in the thread, by the reply's metadata.
    expect(slack.callsTo("conversations.replies").length).toBeGreaterThan(0);
  });
});

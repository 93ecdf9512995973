// A Slack delivery is answered once: by this process (memory) or by one replica of many (Redis).
import { describe, expect, it } from "vitest";
import { claimedDeliveries, deliveryKey } from "../../src/slack/listeners/events/claimed-deliveries.js";
import { MemoryEventClaims } from "../../src/store/memory-event-claims.js";
import { RedisEventClaims } from "../../src/store/redis-event-claims.js";
import type { EventClaims } from "../../src/ports/shared-state.js";
import { FakeTime } from "../support/fake-time.js";
import { useTestRedis } from "../support/redis-fixture.js";

const redis = useTestRedis();
const mention = { type: "event_callback", event_id: "Ev0PV52K21", event: { type: "app_mention", text: "<@U0BOT> 1 200" } };

describe("deliveryKey", () => {
  it.each([
    ["an Events API event", [mention], "event:Ev0PV52K21"],
    ["a slash command", [{ command: "/joblog", trigger_id: "13345224609.738474920.8088930838d88f008e0" }], "trigger:13345224609.738474920.8088930838d88f008e0"],
    ["a Socket Mode envelope with no other id", [{ type: "hello" }, "57d6a792-4d35-4d0b-b6aa-3361493e1caf"], "envelope:57d6a792-4d35-4d0b-b6aa-3361493e1caf"],
    ["the event id wins over the envelope", [mention, "57d6a792"], "event:Ev0PV52K21"],
    ["nothing to go by", [{ type: "url_verification" }], null],
    ["not even an object", [null], null],
  ] as const)("%s", (_name, args, want) => {
    expect(deliveryKey(...(args as unknown as [unknown, string?]))).toBe(want);
  });
});

const contract = (name: string, make: () => Promise<{ replicas: EventClaims[]; expire(): Promise<void> }>) =>
  describe(`${name} event claims`, () => {
    it("answers a delivery once, a re-delivery never, another delivery again", async () => {
      const { replicas } = await make();
      const deliveries = claimedDeliveries(replicas[0]!);
      expect(await deliveries.isRepeat(mention)).toBe(false);
      expect(await deliveries.isRepeat({ ...mention, retry: 1 })).toBe(true);
      expect(await deliveries.isRepeat({ ...mention, event_id: "Ev0PV52K22" })).toBe(false);
      expect(await deliveries.isRepeat({ type: "url_verification" })).toBe(false);
      expect(await deliveries.isRepeat({ type: "url_verification" })).toBe(false);
    });

    it("lets exactly one replica take a delivery that reached all of them at once", async () => {
      const { replicas } = await make();
      const answers = await Promise.all(replicas.flatMap((claims) => [claimedDeliveries(claims).isRepeat(mention), claimedDeliveries(claims).isRepeat(mention)]));
      expect(answers.filter((repeat) => !repeat)).toHaveLength(1);
    });

    it("forgets a delivery after ten minutes", async () => {
      const { replicas, expire } = await make();
      const deliveries = claimedDeliveries(replicas[0]!);
      expect(await deliveries.isRepeat(mention)).toBe(false);
      await expire();
      expect(await deliveries.isRepeat(mention)).toBe(false);
      expect(await deliveries.isRepeat(mention)).toBe(true);
    });
  });

contract("memory", async () => {
  const time = new FakeTime();
  const claims = new MemoryEventClaims(time);
  return { replicas: [claims], expire: async () => time.advance(10 * 60_000) };
});

contract("Redis", async () => {
  await redis.flush();
  return {
    replicas: [new RedisEventClaims(redis.client), new RedisEventClaims(redis.connect()), new RedisEventClaims(redis.connect())],
    expire: async () => {
      const ttl = await redis.client.pttl("joblog:claim:event:Ev0PV52K21");
      expect(ttl).toBeGreaterThan(9 * 60_000);
      expect(ttl).toBeLessThanOrEqual(10 * 60_000);
      await redis.client.pexpire("joblog:claim:event:Ev0PV52K21", 1); // the ten minutes, passed
      await expect.poll(() => redis.client.exists("joblog:claim:event:Ev0PV52K21")).toBe(0);
    },
  };
});

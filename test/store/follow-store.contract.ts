// The contract every follow store must keep. Each implementation's test file runs it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { emptyPostedState, type FollowRecord, type OutboxEntry } from "../../src/core/follow-model.js";
import type { FollowStore } from "../../src/ports/follow-store.js";

export interface StoreFactory {
  /** A fresh, empty store. */
  open(): Promise<FollowStore>;
  /** The same store's data, opened again (as after a restart); null if it does not persist. */
  reopen?(): Promise<FollowStore>;
}

const follow = (overrides: Partial<FollowRecord> = {}): FollowRecord => ({
  id: "f1",
  ref: { bizId: 1, jobInstanceId: 700 },
  channelId: "C1",
  startedBy: "U1",
  failuresOnly: false,
  createdAt: 1000,
  deadlineAt: 1000 + 86_400_000,
  parentTs: null,
  posted: emptyPostedState(),
  endedAt: null,
  endReason: null,
  ...overrides,
});

const entry = (overrides: Partial<OutboxEntry> = {}): OutboxEntry => ({
  followId: "f1",
  key: "step:1:finished",
  kind: "reply",
  payload: { text: "step 1 finished", blocks: [{ type: "section", text: { type: "mrkdwn", text: "磁盘 👍🏽" } }] },
  stateAfter: { ...emptyPostedState(), finishedSteps: [1] },
  createdAt: 2000,
  postedTs: null,
  ...overrides,
});

export function followStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name} follow store`, () => {
    let store: FollowStore;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => store.close());

    it("creates and reads a follow back unchanged", async () => {
      expect(await store.create(follow())).toBe(true);
      expect(await store.get("f1")).toEqual(follow());
      expect(await store.get("nope")).toBeNull();
    });

    it("allows one active follow per job and channel", async () => {
      expect(await store.create(follow())).toBe(true);
      expect(await store.create(follow({ id: "f2" }))).toBe(false);
      expect(await store.create(follow({ id: "f3", channelId: "C2" }))).toBe(true);
      expect(await store.create(follow({ id: "f4", ref: { bizId: 1, jobInstanceId: 701 } }))).toBe(true);
      expect((await store.findActive({ bizId: 1, jobInstanceId: 700 }, "C2"))?.id).toBe("f3");
    });

    it("an ended follow frees its job and channel and leaves the active list", async () => {
      await store.create(follow());
      await store.end("f1", "stopped", 5000);
      expect(await store.findActive({ bizId: 1, jobInstanceId: 700 }, "C1")).toBeNull();
      expect(await store.listActive()).toEqual([]);
      expect(await store.get("f1")).toMatchObject({ endedAt: 5000, endReason: "stopped" });
      await store.end("f1", "job_ended", 6000);
      expect(await store.get("f1")).toMatchObject({ endedAt: 5000, endReason: "stopped" });
      expect(await store.create(follow({ id: "f2" }))).toBe(true);
    });

    it("lists active follows oldest first", async () => {
      await store.create(follow({ id: "b", createdAt: 20, channelId: "C2" }));
      await store.create(follow({ id: "a", createdAt: 10 }));
      expect((await store.listActive()).map((f) => f.id)).toEqual(["a", "b"]);
    });

    it("records the parent message", async () => {
      await store.create(follow());
      await store.setParent("f1", "1700000000.000100");
      expect((await store.get("f1"))?.parentTs).toBe("1700000000.000100");
    });

    it("switches a follow between failures only and all updates", async () => {
      await store.create(follow({ failuresOnly: true }));
      await store.setFailuresOnly("f1", false);
      expect((await store.get("f1"))?.failuresOnly).toBe(false);
      expect((await store.findActive({ bizId: 1, jobInstanceId: 700 }, "C1"))?.failuresOnly).toBe(false);
      await store.setFailuresOnly("f1", true);
      expect((await store.get("f1"))?.failuresOnly).toBe(true);
    });

    it("keeps each outbox key once, pending until posted, in order", async () => {
      await store.create(follow());
      expect(await store.addOutbox(entry())).toBe(true);
      expect(await store.addOutbox(entry())).toBe(false);
      expect(await store.addOutbox(entry({ key: "step:2:failed", createdAt: 2000 }))).toBe(true);
      expect((await store.pendingOutbox("f1")).map((e) => e.key)).toEqual(["step:1:finished", "step:2:failed"]);
      expect((await store.pendingOutbox("f1"))[0]).toEqual(entry());
      await store.markPosted("f1", "step:1:finished", "1.1", entry().stateAfter);
      expect((await store.pendingOutbox("f1")).map((e) => e.key)).toEqual(["step:2:failed"]);
      expect((await store.get("f1"))?.posted).toEqual(entry().stateAfter);
      expect(await store.addOutbox(entry())).toBe(false); // posted keys stay known
    });

    it("drops an outbox entry that will not be posted", async () => {
      await store.create(follow());
      await store.addOutbox(entry());
      await store.dropOutbox("f1", "step:1:finished");
      expect(await store.pendingOutbox("f1")).toEqual([]);
    });

    if (factory.reopen) {
      it("keeps everything across a restart", async () => {
        await store.create(follow({ failuresOnly: true }));
        await store.setFailuresOnly("f1", false);
        await store.setParent("f1", "1.0");
        await store.addOutbox(entry());
        await store.addOutbox(entry({ key: "job:ended", createdAt: 3000 }));
        await store.markPosted("f1", "step:1:finished", "1.1", entry().stateAfter);
        await store.close();
        store = await factory.reopen!();
        expect(await store.get("f1")).toEqual(follow({ parentTs: "1.0", posted: entry().stateAfter }));
        expect((await store.pendingOutbox("f1")).map((e) => e.key)).toEqual(["job:ended"]);
        expect(await store.addOutbox(entry({ key: "another", createdAt: 1 }))).toBe(true);
        expect((await store.pendingOutbox("f1")).map((e) => e.key)).toEqual(["job:ended", "another"]);
      });
    }
  });
}

// The contract every watch store must keep. Each implementation's test file runs it.
import { afterEach, describe, expect, it } from "vitest";
import type { WatchRecord } from "../../src/core/watch-model.js";
import type { WatchStore } from "../../src/ports/watch-store.js";

export interface WatchStoreFactory {
  open(): Promise<WatchStore>;
  /** The same data opened again (as after a restart); absent when the store does not persist. */
  reopen?(): Promise<WatchStore>;
}

const watch = (overrides: Partial<WatchRecord> = {}): WatchRecord => ({
  id: "w1", team: "T1", bizId: 1, name: "deploy", all: false, channelId: "C1", createdBy: "U1", createdAt: 1000, endedAt: null, ...overrides,
});

export function watchStoreContract(name: string, factory: WatchStoreFactory): void {
  describe(`watch store contract: ${name}`, () => {
    const opened: WatchStore[] = [];
    const open = async () => {
      const store = await factory.open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it("one active watch per channel, business and name; another channel or name is another watch", async () => {
      const store = await open();
      expect(await store.create(watch())).toBe(true);
      expect(await store.create(watch({ id: "w2" }))).toBe(false);
      expect(await store.create(watch({ id: "w3", channelId: "C2" }))).toBe(true);
      expect(await store.create(watch({ id: "w4", name: null }))).toBe(true);
      expect(await store.create(watch({ id: "w5", name: null }))).toBe(false);
      expect((await store.findActive("C1", 1, null))?.id).toBe("w4");
      expect((await store.listActive()).map((w) => w.id).sort()).toEqual(["w1", "w3", "w4"]);
      expect(await store.get("w1")).toEqual(watch());
    });

    it("an ended watch is no longer active, ends once, and frees its place", async () => {
      const store = await open();
      await store.create(watch());
      expect(await store.end("w1", 2000)).toBe(true);
      expect(await store.end("w1", 3000)).toBe(false);
      expect(await store.end("nope", 3000)).toBe(false);
      expect(await store.findActive("C1", 1, "deploy")).toBeNull();
      expect((await store.get("w1"))?.endedAt).toBe(2000);
      expect(await store.create(watch({ id: "w2" }))).toBe(true);
    });

    it("a run's post is claimed once: new, then pending until delivered, then posted", async () => {
      const store = await open();
      await store.create(watch());
      expect(await store.claimDelivery("w1", 42, 10)).toBe("new");
      expect(await store.claimDelivery("w1", 42, 11)).toBe("pending");
      await store.markDelivered("w1", 42, "1.0001");
      expect(await store.claimDelivery("w1", 42, 12)).toBe("posted");
      expect(await store.claimDelivery("w1", 43, 12)).toBe("new");
      expect(await store.claimDelivery("w2", 42, 12)).toBe("new");
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it("watches and deliveries survive a restart", async () => {
        const store = await open();
        await store.create(watch());
        await store.claimDelivery("w1", 1, 10);
        await store.claimDelivery("w1", 2, 10);
        await store.markDelivered("w1", 2, "2.0");
        await store.close();
        const again = await reopen();
        opened.push(again);
        expect(await again.listActive()).toEqual([watch()]);
        expect(await again.claimDelivery("w1", 1, 20)).toBe("pending");
        expect(await again.claimDelivery("w1", 2, 20)).toBe("posted");
      });
    }
  });
}

// What finding runs and watching them are handled with, on top of a request's usual dependencies
// (request-deps.ts): the list API per person, the watches, and who asked about what lately.
import type { FollowRecord } from "../core/follow-model.js";
import type { RunListPool } from "../ports/run-list.js";
import type { WatchService } from "../watch/watch-service.js";
import type { AskedBusinesses } from "./asked-businesses.js";
import type { RequestDeps } from "./request-deps.js";

export interface FindDeps extends RequestDeps {
  runLists: RunListPool;
  watches: WatchService;
  asked: AskedBusinesses;
  /** Every running follow (the App Home shows the viewer's own). */
  runningFollows(): Promise<FollowRecord[]>;
}

// The incident rush: many people ask about the same job within seconds. Each report of a job
// shares one fetch of the expensive part (ESB v2's whole-job log; the gateway's host groups and
// host logs) with the others asking at the same time, while BK-JOB still decides for each
// person: before anything shared is handed to them, they prove they may read the job with one
// status call as themselves (a "proof", under its own larger cap), or with a proof of theirs
// for this job from the last few seconds. A person BK-JOB refuses gets their own refusal and
// nothing else. The first asker's own calls are the shared fetch, so they need no extra proof.
//
// What is shared, and for how long:
// - a fetch ("flight") is joined while its status is still being asked (concurrent requests),
//   and, for a job that has finished, for `recentMs` after, by people whose fresh proof shows
//   the job as it was (a retried job is a new fetch); a recent proof spares the status call
//   only for a fetch still under way;
// - within a flight, each answer is kept by what was asked: the step and the query (hosts per
//   group, grep text) for host groups, the step and the hosts for logs;
// - a failed answer is not kept past the requests that shared it, and a flight whose status
//   failed is not joined: a person who proved their right then makes the fetch as themselves.
// Log withholding is per channel after the report is built (use-cases/report-reply.ts), so it
// still applies to each person. The report itself (JobRead.derived) is built once per flight.
// Reads that are not whole reports (polls, Show log) are not shared.
import type { JobInstanceStatus } from "../core/job-model.js";
import type { JobRef } from "../core/job-ref.js";
import { hostIdentityKey } from "../core/host-identity.js";
import { ok, type Result } from "../core/upstream-error.js";
import type { Clock } from "../ports/clock.js";
import type { CallGates, JobApi, JobRead, ReadOptions } from "../ports/job-api.js";

export interface SharedReadsOptions {
  /** BK-JOB as this BlueKing user, masked, with no gate of its own (the gates are handed in here). */
  adapterFor(username: string): JobApi;
  gates: CallGates;
  clock: Clock;
  /** How long a finished job's fetch, and a person's proof for a job, are reused. */
  recentMs: number;
}

interface Flight {
  /** The BlueKing user the shared calls are made as. */
  owner: string;
  read: JobRead;
  status: Promise<Result<JobInstanceStatus>>;
  /** Set when the status answered: when, whether it can be reused, and what the job looked like. */
  settled: { at: number; reusable: boolean; fingerprint: string } | null;
  answers: Map<string, Promise<Result<unknown>>>;
}

/** Enough of a status to tell that the job has changed since (a retry, a step that moved on). */
function fingerprintOf(status: JobInstanceStatus): string {
  const steps = status.steps.map((step) => `${step.stepInstanceId}:${step.status}:${step.executeCount}`).join(",");
  return `${status.finished}/${status.job.status}/${status.job.endTime?.getTime() ?? ""}/${steps}`;
}

const jobKey = (ref: JobRef) => `${ref.bizId}/${ref.jobInstanceId}`;

/** How long an answer is shared: while the flight is kept, or only while it is being fetched. */
type Kept = "with the flight" | "in flight";

export class SharedReads {
  private readonly flights = new Map<string, Flight>();
  /** `${user}\0${job}` → until when that user's proof for that job is trusted. */
  private readonly proofs = new Map<string, number>();

  constructor(private readonly options: SharedReadsOptions) {}

  /**
   * BK-JOB as `username`: whole reports share fetches (as above); any other read is that user's
   * own. Every HTTP call waits for a slot in the limiter, under the user's share, behind the calls
   * of reads started earlier (a report under way finishes before new ones start). A slot is held
   * by a call to BK-JOB, not by a read waiting on one, so ESB v2's status and log go side by side.
   */
  forUser(username: string): JobApi {
    return {
      read: (ref, readOptions = {}) =>
        readOptions.wholeReport && !readOptions.signal
          ? this.sharedRead(username, ref)
          : this.options.adapterFor(username).read(ref, { ...readOptions, gate: this.options.gates.gateFor(username) }),
    };
  }

  /** Fetches going on or kept now (for tests). */
  get size(): number {
    return this.flights.size;
  }

  private sharedRead(user: string, ref: JobRef): JobRead {
    const key = jobKey(ref);
    const now = this.options.clock.now();
    this.forgetOld(now);
    const current = this.flights.get(key);
    const joinable = current && (current.settled === null || current.settled.reusable) ? current : null;
    const ready: Promise<Result<Flight>> = joinable ? this.join(user, ref, joinable) : this.own(user, ref, this.start(user, ref));
    // Nobody may be waiting on it yet: a failure is the caller's to see through the methods below.
    ready.catch(() => {});
    const answer = <T>(name: string, ask: (read: JobRead) => Promise<Result<T>>, kept: Kept = "with the flight"): Promise<Result<T>> =>
      ready.then((flight) => (flight.ok ? this.shared(flight.value, name, ask, kept) : flight));
    return {
      getJobStatus: (statusOptions) =>
        statusOptions?.withHosts ? answer("status+hosts", (read) => read.getJobStatus(statusOptions)) : ready.then((flight) => (flight.ok ? flight.value.status : flight)),
      getStepHostGroups: (step, query) =>
        answer(`groups ${step.stepInstanceId} ${query.maxHostsPerGroup} ${JSON.stringify(query.keyword ?? null)}`, (read) => read.getStepHostGroups(step, query)),
      // Logs are shared only while they are being fetched: the report built from them is kept, and
      // a digest's batches of 500 logs must not stay in memory for as long as the flight does.
      getHostLogs: (step, hosts) =>
        answer(`logs ${step.stepInstanceId} ${hosts.map((host) => hostIdentityKey(host)).join(" ")}`, (read) => read.getHostLogs(step, hosts), "in flight"),
      getHostLog: (stepInstanceId, host) => answer(`log ${stepInstanceId} ${hostIdentityKey(host)}`, (read) => read.getHostLog(stepInstanceId, host), "in flight"),
      // Built from the answers above, the same for everyone in the flight: 200 askers, one report built.
      derived: (derivedKey, build) => answer(`derived ${derivedKey}`, () => build()),
    };
  }

  /** A new fetch, as `user`, under the cap of the expensive calls; joinable until it says otherwise. */
  private start(user: string, ref: JobRef): Flight {
    const read = this.options.adapterFor(user).read(ref, { wholeReport: true, gate: this.options.gates.gateFor(user, "fetch") });
    const flight: Flight = { owner: user, read, status: read.getJobStatus(), settled: null, answers: new Map() };
    const key = jobKey(ref);
    this.flights.set(key, flight);
    const settle = (status: Result<JobInstanceStatus> | null) => {
      const now = this.options.clock.now();
      flight.settled = status?.ok
        ? { at: now, reusable: status.value.finished, fingerprint: fingerprintOf(status.value) }
        : { at: now, reusable: false, fingerprint: "" };
      // Kept: let go when its time is up even if nobody asks again (a quiet bot holds no old report).
      if (flight.settled.reusable) setTimeout(() => this.forgetOld(this.options.clock.now()), this.options.recentMs).unref();
      // Unfinished or failed: later requests make their own fetch (only concurrent ones shared this).
      else if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    // A throw (a bug, not an upstream error) reaches the readers through their own promises.
    flight.status.then(settle, () => settle(null));
    return flight;
  }

  /** The owner's right is proven by the fetch itself (made as them). */
  private async own(user: string, ref: JobRef, flight: Flight): Promise<Result<Flight>> {
    const status = await flight.status;
    if (!status.ok) return status;
    this.proofs.set(this.proofKey(user, ref), this.options.clock.now() + this.options.recentMs);
    return ok(flight);
  }

  private async join(user: string, ref: JobRef, flight: Flight): Promise<Result<Flight>> {
    const concurrent = flight.settled === null;
    let proven: JobInstanceStatus | null = null;
    // A recent proof spares the status call only while the fetch is still being made: a fetch that
    // has answered is reused only by someone whose fresh status shows the job unchanged since (the
    // same person may have just retried it, here or in BK-JOB's page).
    const trustedUntil = concurrent ? this.proofs.get(this.proofKey(user, ref)) : undefined;
    if (trustedUntil === undefined || trustedUntil <= this.options.clock.now()) {
      const proof = await this.options.adapterFor(user).read(ref, { proofOnly: true, gate: this.options.gates.gateFor(user, "proof") }).getJobStatus();
      // Refused (or BK-JOB failed) for this person: their own answer, never the shared one.
      if (!proof.ok) return proof;
      this.proofs.set(this.proofKey(user, ref), this.options.clock.now() + this.options.recentMs);
      proven = proof.value;
    }
    // Joined after the fetch answered: only while the job is as this person just saw it.
    if (!concurrent && (proven === null || flight.settled?.fingerprint !== fingerprintOf(proven))) return this.takeOver(user, ref, flight);
    const status = await flight.status;
    // The owner could not read it (refused, or BK-JOB failed them): this person, proven, asks as themselves.
    return status.ok ? ok(flight) : this.takeOver(user, ref, flight);
  }

  /** A proven person whose flight could not serve them: a newer flight someone started, or their own. */
  private async takeOver(user: string, ref: JobRef, stale: Flight): Promise<Result<Flight>> {
    const key = jobKey(ref);
    if (this.flights.get(key) === stale) this.flights.delete(key);
    const newer = this.flights.get(key);
    // Another person's failure is not this person's answer: a newer flight serves only when it succeeds.
    if (newer && newer.settled === null && (await newer.status).ok) return ok(newer);
    return this.own(user, ref, this.start(user, ref));
  }

  /**
   * One answer per question within a flight; a failure is dropped once it has answered those
   * waiting, and so is any answer kept only "in flight".
   */
  private shared<T>(flight: Flight, name: string, ask: (read: JobRead) => Promise<Result<T>>, kept: Kept): Promise<Result<T>> {
    let answer = flight.answers.get(name) as Promise<Result<T>> | undefined;
    if (!answer) {
      answer = ask(flight.read);
      flight.answers.set(name, answer);
      const forget = () => {
        if (flight.answers.get(name) === answer) flight.answers.delete(name);
      };
      answer.then((result) => (result.ok && kept === "with the flight") || forget(), forget);
    }
    return answer;
  }

  private proofKey(user: string, ref: JobRef): string {
    return `${user}\u0000${jobKey(ref)}`;
  }

  /** Drops kept fetches and proofs past their time, so the maps hold only the last few seconds. */
  private forgetOld(now: number): void {
    for (const [key, flight] of this.flights) {
      if (flight.settled !== null && flight.settled.at + this.options.recentMs <= now) this.flights.delete(key);
    }
    for (const [key, until] of this.proofs) if (until <= now) this.proofs.delete(key);
  }
}

// How many distinct hosts a job has, and how many failed, from each step's host groups. Pure.
//
// A host can run in several steps; the job's figure counts it once, in its worst state (failed >
// running > waiting > success). That takes every host's identity, which the groups list only up
// to a cap. So:
// - one step with hosts: its exact counts (a host appears once in a step);
// - every group listed in full: the exact union;
// - otherwise (a multi-step job with more hosts per group than are listed): an estimate that
//   assumes the steps share their hosts, flagged as such. Listing every host to be exact would
//   make a 10,000-host report cost what ESB v2's whole-job log costs.
import { hostIdentityKey } from "./host-identity.js";
import type { StepHostGroup } from "./job-model.js";
import type { HostCounts } from "./report-model.js";
import { hostPhase, type HostPhase } from "./status.js";

const RANK: Record<HostPhase, number> = { failed: 3, running: 2, waiting: 1, success: 0 };

export const emptyCounts = (): HostCounts => ({ total: 0, success: 0, failed: 0, running: 0, waiting: 0 });

/** One step's counts, from its groups' exact sizes. */
export function countGroups(groups: readonly StepHostGroup[]): HostCounts {
  const counts = emptyCounts();
  for (const group of groups) {
    counts[hostPhase(group.status)] += group.hostCount;
    counts.total += group.hostCount;
  }
  return counts;
}

export function distinctHostCounts(steps: readonly (readonly StepHostGroup[])[]): { counts: HostCounts; estimated: boolean } {
  const withHosts = steps.filter((groups) => groups.some((group) => group.hostCount > 0));
  if (withHosts.length === 0) return { counts: emptyCounts(), estimated: false };
  if (withHosts.length === 1) return { counts: countGroups(withHosts[0]!), estimated: false };
  const complete = withHosts.every((groups) => groups.every((group) => group.hosts.length >= group.hostCount));
  return complete ? { counts: exactUnion(withHosts), estimated: false } : { counts: estimate(withHosts), estimated: true };
}

function exactUnion(steps: readonly (readonly StepHostGroup[])[]): HostCounts {
  const worst = new Map<string, HostPhase>();
  let anonymous = 0;
  for (const groups of steps) {
    for (const group of groups) {
      const phase = hostPhase(group.status);
      for (const host of group.hosts) {
        // A host ESB v2 cannot name (IPv6-only) is counted as its own host.
        const key = hostIdentityKey(host) ?? `?${(anonymous += 1)}`;
        const previous = worst.get(key);
        if (previous === undefined || RANK[phase] > RANK[previous]) worst.set(key, phase);
      }
    }
  }
  const counts = emptyCounts();
  for (const phase of worst.values()) {
    counts[phase] += 1;
    counts.total += 1;
  }
  return counts;
}

function estimate(steps: readonly (readonly StepHostGroup[])[]): HostCounts {
  const perStep = steps.map(countGroups);
  const total = Math.max(...perStep.map((counts) => counts.total));
  // Failures: the listed failing hosts de-duplicated, plus every failing host not listed.
  const failedKeys = new Set<string>();
  let unlistedFailed = 0;
  for (const groups of steps) {
    for (const group of groups) {
      if (hostPhase(group.status) !== "failed") continue;
      group.hosts.forEach((host, index) => failedKeys.add(hostIdentityKey(host) ?? `?${group.status}/${index}`));
      unlistedFailed += Math.max(0, group.hostCount - group.hosts.length);
    }
  }
  const failed = Math.min(total, failedKeys.size + unlistedFailed);
  const running = Math.min(total - failed, Math.max(...perStep.map((counts) => counts.running)));
  const waiting = Math.min(total - failed - running, Math.max(...perStep.map((counts) => counts.waiting)));
  return { total, failed, running, waiting, success: total - failed - running - waiting };
}

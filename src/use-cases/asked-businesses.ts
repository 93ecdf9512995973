// The businesses each person asked joblog about lately, newest first, for their App Home's
// "recent failed runs". Kept in this process's memory: after a restart the Home tab starts
// empty again until they ask (a small loss, and nothing to leak across replicas).

/** A Home tab shows this many businesses' failed runs at most (each costs one list call). */
export const HOME_BUSINESSES = 3;
/** People remembered at most; the least recently active go first. */
const MAX_PEOPLE = 10_000;

export class AskedBusinesses {
  private readonly byUser = new Map<string, number[]>();

  noted(userId: string, bizId: number): void {
    const before = this.byUser.get(userId) ?? [];
    this.byUser.delete(userId);
    this.byUser.set(userId, [bizId, ...before.filter((id) => id !== bizId)].slice(0, HOME_BUSINESSES));
    if (this.byUser.size > MAX_PEOPLE) this.byUser.delete(this.byUser.keys().next().value!);
  }

  of(userId: string): readonly number[] {
    return this.byUser.get(userId) ?? [];
  }
}

// Who joblog calls BK-JOB as, for one Slack user (JOBLOG_IDENTITY): the access file's `users:`
// mapping first, then (in `email` mode) the local part of the Slack profile e-mail; `fixed`
// keeps the one BK_USERNAME. Never falls back to someone else's name.
import type { AccessPolicy } from "./access-rules.js";
import type { SlackDirectory } from "./slack-directory.js";

export type IdentityMode = "email" | "mapping" | "fixed";

export type Identity =
  | { ok: true; username: string }
  | { ok: false; reason: "not_mapped" | "no_email" | "lookup_failed" };

export interface IdentityResolver {
  resolve(userId: string): Promise<Identity>;
}

/** BlueKing usernames: letters, digits and . _ - (a local part with + or quotes is not one). */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function createIdentityResolver(options: {
  mode: IdentityMode;
  fixedUsername: string;
  policy: AccessPolicy;
  directory: SlackDirectory;
}): IdentityResolver {
  const { mode, fixedUsername, policy, directory } = options;
  return {
    async resolve(userId) {
      if (mode === "fixed") return { ok: true, username: fixedUsername };
      const mapped = policy.mappedUser(userId);
      if (mapped !== null) return { ok: true, username: mapped };
      if (mode === "mapping") return { ok: false, reason: "not_mapped" };
      const lookup = await directory.userEmail(userId);
      if (!lookup.ok) return { ok: false, reason: "lookup_failed" };
      const localPart = lookup.email?.split("@")[0]?.trim() ?? "";
      return USERNAME.test(localPart) ? { ok: true, username: localPart } : { ok: false, reason: "no_email" };
    },
  };
}

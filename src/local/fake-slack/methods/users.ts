// users.info and auth.test: who people are and who the bot is. Any user id is a plausible person
// (email `<id lowercased>@example.com`) unless a test set details with `fake.setUser`.
import { fail, type MethodHandler, type MethodTable } from "../method-context.js";
import { stringParam } from "../request-body.js";
import { BOT, type StoredUser } from "../workspace-model.js";

const apiUser = (user: StoredUser) => ({
  id: user.id,
  team_id: BOT.teamId,
  name: user.name,
  deleted: user.deleted,
  real_name: user.realName,
  tz: user.tz,
  is_bot: user.isBot,
  is_app_user: false,
  profile: {
    real_name: user.realName,
    display_name: user.name,
    email: user.email,
    team: BOT.teamId,
    ...(user.isBot ? { bot_id: BOT.botId } : {}),
  },
});

const info: MethodHandler = ({ params, workspace }) => {
  const id = stringParam(params, "user");
  if (id === undefined || id === "") return fail("user_not_found");
  return { ok: true, user: apiUser(workspace.user(id)) };
};

const authTest: MethodHandler = ({ baseUrl }) => ({
  ok: true,
  url: `${baseUrl}/`,
  team: BOT.team,
  user: BOT.userName,
  team_id: BOT.teamId,
  user_id: BOT.userId,
  bot_id: BOT.botId,
  is_enterprise_install: false,
});

export const usersMethods: MethodTable = {
  "users.info": info,
  "auth.test": authTest,
};

// A message as joblog posts it, whatever the surface (a reply, a follow's post, an ephemeral
// note): the fallback text Slack shows in notifications and reads to screen readers, and the
// Block Kit blocks. Renderers make them (src/render/); adapters send them as they are.
import type { KnownBlock } from "@slack/types";

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

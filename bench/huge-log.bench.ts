// Figure 4: one host's 5 MB log (simulator job 1 500, 61,000 lines) in the Show log modal and as
// a file in the report's thread: the time from each press to the view (first page, next page,
// last page) or to the upload completing (files.completeUploadExternal), and the bot's peak
// resident memory above what it held just before each step. BK-JOB answers at once here: these
// are joblog's own costs. The bot runs in its own process (bot-process.ts), so /proc gives its
// memory alone.
import type { RecordedCall } from "../src/local/fake-slack/index.js";
import { SCENARIOS } from "../src/local/sim/scenarios.js";
import { messageButtonPayload, viewButtonPayload } from "../test/support/slack-requests.js";
import type { BenchRow, BenchSection } from "./bench-section.js";
import { startBotUnderTest, type BotUnderTest } from "./bot-process.js";
import { mb, ms } from "./percentiles.js";

const JOB = SCENARIOS.hugeLog;
const CHANNEL = "C0HUGE";
const USER = "U0HUGE";
const MESSAGE_TS = "1700000000.000500";

type Button = { action_id: string; value: string; text: { text: string } };
type View = { id: string; private_metadata: string; blocks: { type: string; elements?: Button[] }[] };

const isCall = (recorded: unknown): recorded is RecordedCall => (recorded as RecordedCall).kind === "api_call";

/** Times one step: from sending its request to the fake Slack recording the call that ends it, with the bot's peak memory growth. */
async function step(bot: BotUnderTest, send: () => Promise<{ sentAt: number }>, ends: (call: RecordedCall) => boolean) {
  const rssBefore = bot.rss();
  bot.resetPeak();
  const { sentAt } = await send();
  const done = (await bot.slack.waitFor((recorded) => isCall(recorded) && recorded.at >= sentAt && ends(recorded), 120_000)) as RecordedCall;
  return { ms: done.at - sentAt, growth: Math.max(0, bot.peakRss() - rssBefore), call: done };
}

const viewOf = (bot: BotUnderTest, id: string): View => ({ ...(bot.slack.view(id)!.view as unknown as View), id });
const buttonIn = (view: View, match: (button: Button) => boolean): Button => {
  const found = view.blocks.flatMap((block) => (block.type === "actions" ? (block.elements ?? []) : [])).find(match);
  if (!found) throw new Error("the log modal lacks a button it should have");
  return found;
};
const showsPage = (call: RecordedCall, viewId: string, test: (text: string) => boolean) =>
  call.method === "views.update" && call.body["view_id"] === viewId && test(JSON.stringify(call.body["view"]));

export async function run(): Promise<BenchSection> {
  const bot = await startBotUnderTest();
  try {
    const [reported] = await bot.burst([{ kind: "command", fields: { text: `${JOB.bizId} ${JOB.jobInstanceId}`, response_url: bot.slack.responseUrl("huge", { channel: CHANNEL }), user_id: USER, channel_id: CHANNEL } }]);
    if (reported?.status !== 200) throw new Error("the report was not acknowledged");
    const post = await bot.slack.waitFor((recorded) => recorded.kind === "response_url_post" && recorded.id === "huge", 60_000);
    const blocks = (post.body["blocks"] ?? []) as View["blocks"];
    const showLog = buttonIn({ id: "", private_metadata: "", blocks }, (button) => button.action_id.startsWith("show_log"));

    const interact = async (payload: Record<string, unknown>) => (await bot.burst([{ kind: "interaction", payload }]))[0]!;
    const triggerId = bot.slack.triggerId(USER);
    let viewId = "";
    const first = await step(
      bot,
      () => interact(messageButtonPayload({ actionId: showLog.action_id, value: showLog.value, triggerId, channel: CHANNEL, messageTs: MESSAGE_TS, user: USER })),
      (call) => {
        if (call.method === "views.open" && call.body["trigger_id"] === triggerId) viewId = (call.response["view"] as { id: string }).id;
        return viewId !== "" && showsPage(call, viewId, (text) => text.includes("Lines 1–"));
      },
    );
    /** Presses a button of the modal as it is now; done when `ends` sees the call that answers it. */
    const press = (label: string, ends: (call: RecordedCall) => boolean) => {
      const view = viewOf(bot, viewId);
      const button = buttonIn(view, (candidate) => candidate.text.text.startsWith(label) || candidate.action_id === label);
      const payload = viewButtonPayload({ actionId: button.action_id, value: button.value, view: { id: viewId, private_metadata: view.private_metadata }, user: USER });
      return step(bot, () => interact(payload), ends);
    };
    const next = await press("Next", (call) => showsPage(call, viewId, (text) => /Lines (\d[\d,]*)–/.exec(text)?.[1] !== "1"));
    const last = await press("End", (call) => showsPage(call, viewId, (text) => text.includes("FATAL")));
    const upload = await press("post_log", (call) => call.method === "files.completeUploadExternal");
    return { title: "A 5 MB host log: paging in the modal, posting to the thread", rows: rows(first, next, last, upload), notes: NOTES };
  } finally {
    await bot.close();
  }
}

/** Post full log to thread: from the press to files.completeUploadExternal. */
function uploadStep(bot: BotUnderTest, viewId: string) {
  const view = viewOf(bot, viewId);
  const button = buttonIn(view, (candidate) => candidate.action_id === "post_log");
  return step(
    bot,
    async () => (await bot.burst([{ kind: "interaction", payload: viewButtonPayload({ actionId: button.action_id, value: button.value, view: { id: viewId, private_metadata: view.private_metadata }, user: USER }) }]))[0]!,
    (call) => call.method === "files.completeUploadExternal",
  );
}

function rows(...steps: { ms: number; growth: number }[]): BenchRow[] {
  const labels = ["Show log → first page", "Next ▶ → second page", "End → last page", "Post full log → upload complete"];
  return steps.map((measured, index) => ({ figure: labels[index]!, value: `${ms(measured.ms)} · peak RSS +${mb(measured.growth)}`, target: "–", ok: null }));
}

const NOTES = [
  "The modal's first page costs one ESB v2 get_job_instance_log (5.3 MB: the whole job, one host), reading that host, masking",
  "secrets in its log and indexing its pages; later pages and the upload reuse the cached log. Times are from the press to the",
  "fake Slack recording the views.update (or files.completeUploadExternal); memory is the bot's peak RSS (Linux VmHWM, reset",
  "before each press) above its RSS just before it.",
].join("\n");

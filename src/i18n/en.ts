// Every user-facing string in English: the dictionary the others follow (its shape is the
// Messages type). Renderers receive a dictionary and never hold their own wording.
import { runsEn } from "./runs-en.js";

/** Labels of BK-JOB job/step run statuses (RunStatusEnum, src/core/status.ts). */
const runStatusEn: Record<number, string> = {
  1: "Pending", 2: "Running", 3: "Success", 4: "Failed", 5: "Skipped", 6: "Ignore Error", 7: "Waiting for confirmation",
  8: "Terminated", 9: "Abnormal", 10: "Terminating", 11: "Terminate Success", 12: "Terminate Failed",
  13: "Termination Confirmed", 14: "Abandoned", 15: "Rolling Waiting",
};

/** Labels of host task statuses (`ip_status`, ExecuteObjectTaskStatusEnum, src/core/status.ts). */
const hostStatusEn: Record<number, string> = {
  0: "Unknown Error", 1: "Abnormal Agent", 2: "Invalid Execute Object", 3: "Successful Last Time", 5: "Waiting",
  7: "Running", 9: "Success", 11: "Failed", 12: "Task send failed", 13: "Task Timeout", 15: "Error in Log",
  16: "Script Log Timeout", 17: "File Log Timeout", 18: "Agent not installed", 101: "Script Execution Failed",
  102: "Script Execution Timeout", 103: "Script Execution Terminated", 104: "Non-zero Exit Code",
  202: "File Transmission Failed", 203: "Source File Not Exists", 301: "Unclassified File Failure",
  303: "File Transmission Timeout", 310: "Abnormal Agent", 311: "User not exist", 312: "User password incorrect",
  320: "File pull failed", 321: "File size exceeds limit", 329: "File Transmission Error", 399: "Execution Error",
  403: "Force Terminated", 404: "Force Terminate Failed", 500: "Unknown",
};

export const en = {
  runStatus: runStatusEn,
  hostStatus: hostStatusEn,
  unknownStatus: (code: number) => `unknown (${code})`,
  durationUnits: { day: "d", hour: "h", minute: "m", second: "s" },
  numberLocale: "en-US",

  report: {
    business: "Business",
    job: "Job",
    started: "Started",
    by: "by",
    took: "took",
    runningFor: "running for",
    openInJob: "Open in BK-JOB",
    stepPending: "not started",
    stepWaiting: "waiting for a user to confirm in BK-JOB",
    noSteps: "This job has no steps.",
    hostsSummary: (failed: string, total: string) => `${failed} of ${total} hosts failed`,
    allHostsOk: (total: string) => (total === "1" ? "the 1 host succeeded" : `all ${total} hosts succeeded`),
    hostsProgress: (done: string, total: string) => `${done} of ${total} hosts done`,
    failingHosts: (count: string) => `Failing hosts (${count})`,
    groupTitle: (status: string, tag: string | null, step: string, count: string) =>
      `*${status}*${tag ? ` · tag \`${tag}\`` : ""} · step ${step} · ${count} ${count === "1" ? "host" : "hosts"}`,
    bkNet: "BK-Net",
    exitCode: "exit",
    errorCode: "error",
    andMoreHosts: (count: string) => `…and ${count} more failing hosts: press *Open in BK-JOB* or ask for a host's log.`,
    andMoreSteps: (count: string) => `…and ${count} more steps`,
    logTailLabel: (host: string, lines: string) => `Last ${lines} lines of ${host}`,
    emptyLog: "(no log output)",
    showLog: (host: string) => `Log ${host}`,
    fallback: (icon: string, name: string, status: string, summary: string) => `${icon} ${name}: ${status}, ${summary}`,
    moreOmitted: "(more omitted: Slack's message size limit)",
    fileLogsLabel: (host: string, files: string) => `Files of ${host} (${files})`,
    /** File transfer status (FileDistStatusEnum, https://github.com/TencentBlueKing/bk-job/blob/HEAD/src/backend/job-execute/api-job-execute/src/main/java/com/tencent/bk/job/execute/common/constants/FileDistStatusEnum.java). */
    fileStatus: { 0: "Pulling", 1: "Waiting", 2: "Uploading", 3: "Downloading", 4: "Done", 5: "Failed" } as Record<number, string>,
    fileUpload: "upload",
    follow: "👀 Follow",
  },

  follow: {
    stepOf: (index: string, total: string) => `step ${index} of ${total}`,
    failedCount: (count: string) => `✗ ${count} ${count === "1" ? "host" : "hosts"} failed`,
    elapsed: (duration: string) => `${duration} elapsed`,
    took: (duration: string) => `took ${duration}`,
    followedBy: (user: string) => `Followed by ${user}`,
    failuresOnly: "failures only",
    stepHosts: (done: string, total: string) => `${done}/${total}`,
    stop: "⏹ Stop following",
    showReport: "📄 Show log",
    ended: {
      job_ended: "Stopped following: the job has ended (final report in the thread).",
      stopped: (user: string) => `Stopped following (by ${user}).`,
      max_duration: (hours: string) => `Stopped following after ${hours} h: the job is still running.`,
      upstream_outage: "Stopped following: BK-JOB has not answered for 10 minutes.",
      slack_error: "Stopped following: I can no longer post here.",
    },
    stepFinished: (step: string, status: string, duration: string, counts: string) => `✅ Step ${step} finished · ${status}${duration ? ` · ${duration}` : ""}${counts ? ` · ${counts}` : ""}`,
    stepFailed: (step: string, status: string, duration: string, counts: string) => `❌ Step ${step} failed · ${status}${duration ? ` · ${duration}` : ""}${counts ? ` · ${counts}` : ""}`,
    hostsFailed: (count: string, step: string) => `⚠️ ${count} more ${count === "1" ? "host" : "hosts"} failed in step ${step}; the step is still running.`,
    failedHostsNotInLog: (hosts: string) => `Failing: ${hosts}`,
    waiting: (step: string) => `⏸️ Step ${step} is waiting for someone to confirm it in BK-JOB.`,
    maxDuration: (hours: string, command: string) => `⏹ I have followed this job for ${hours} h, the most I follow one job. It is still running: \`${command}\` to follow it again.`,
    outage: (since: string) => `⚠️ BK-JOB has not answered since ${since}, so I stopped following this job. \`/joblog\` shows it once BK-JOB is back.`,
    already: "I'm already following this job in this channel.",
    alreadyLink: "See the live message",
    startedEphemeral: "Following it here: one message that updates itself, and thread replies when something changes.",
    cannotPost: (channel: string) => `I can't post in ${channel}, so I can't follow the job there. Invite me with \`/invite @joblog\`, then try again.`,
    endedSlackError: (job: string, channel: string, error: string) =>
      `I stopped following job ${job} in ${channel}: Slack said \`${error}\`. Invite me with \`/invite @joblog\` and start following again.`,
    stoppedNotice: "Stopped following.",
  },

  grep: {
    summary: (logs: string, text: string) => `*${logs} host ${logs === "1" ? "log contains" : "logs contain"}* ${text}`,
    noMatch: (text: string) => `No host's log contains ${text}.`,
    skippedFileSteps: (steps: string) => `Not searched: ${steps} (file-distribution steps; BK-JOB searches script output only).`,
    hostLine: (matches: string) => `${matches} matching ${matches === "1" ? "line" : "lines"}`,
    notRead: "log not read here: press its Log button",
    matchesLabel: (host: string, shown: string, total: string) =>
      shown === total ? `Matching lines of ${host}` : `Matching lines of ${host} (first ${shown} of ${total})`,
    andMoreHosts: (count: string) => `…and ${count} more matching hosts: press *Open in BK-JOB* and search its log there.`,
    noLineFound: "(BK-JOB matched this host, but no line matches exactly: the match may differ in case)",
  },

  unfurl: {
    failedStep: (step: string) => `failed at step ${step}`,
    currentStep: (step: string) => `at step ${step}`,
    failingHosts: (count: string) => `${count} failing ${count === "1" ? "host" : "hosts"}`,
  },

  logModal: {
    title: "Host log",
    loading: (host: string) => `Loading the log of ${host}…`,
    lines: (from: string, to: string, total: string) => `Lines ${from}–${to} of ${total}`,
    empty: "This host printed no log.",
    previous: "◀ Prev",
    next: "Next ▶",
    first: "⏮ Start",
    last: "End ⏭",
    postToThread: "Post full log to thread",
    posted: "Posted the full log to the message's thread.",
    uploading: "Uploading the full log to the thread…",
    close: "Close",
    hostGone: "This host is no longer in the job's log (the job may have been retried). Run /joblog again.",
    postFailed: (reason: string) => `Could not post the log to the thread: ${reason}`,
    notInChannel: "I'm not in this channel. Invite me with `/invite @joblog`, then try again.",
    fileComment: (host: string, step: string, job: string) => `Full log of ${host}, step ${step}, job ${job}`,
  },

  usage: {
    title: "How to use /joblog",
    body: [
      "`/joblog &lt;bk_biz_id&gt; &lt;job_instance_id&gt;`: report of a BK-JOB execution, e.g. `/joblog 2 10086`",
      "`/joblog &lt;JOB execution link&gt;`: the same, from a link such as `https://job.example.com/biz/2/execute/task/10086`",
      "`/joblog &lt;bk_biz_id&gt; &lt;link&gt;`: for `…/api_execute/&lt;id&gt;` links, which do not name the business",
      "`/joblog follow &lt;bk_biz_id&gt; &lt;job_instance_id&gt; [--failures-only]`: follow a running job here, in one message that updates itself, with thread replies when something changes",
      "`/joblog &lt;bk_biz_id&gt; &lt;job_instance_id&gt; grep &lt;text&gt;`: only the hosts whose log contains the text, with the matching lines",
      "`/joblog help`: this message",
      "You can also mention me: `@joblog 2 10086`, and I answer in a thread.",
    ].join("\n"),
    problem: (detail: string) => `I couldn't read that: ${detail}`,
    problems: {
      empty: "the command is empty.",
      tooManyWords: "too many words.",
      notANumber: (word: string) => `\`${word}\` is not a positive whole number.`,
      tooLarge: (word: string) => `\`${word}\` is too large to be an id.`,
      missingJob: "the job instance id is missing.",
      missingBiz: "this link does not name the business: put the business id before it, e.g. `/joblog 2 &lt;link&gt;`.",
      unknownLink: "that link is not a BK-JOB execution link.",
      bizMismatch: (linkBiz: string, givenBiz: string) => `the link is for business ${linkBiz}, but you gave ${givenBiz}.`,
      unknownOption: (word: string) => `\`${word}\` is not an option I know (only \`follow … --failures-only\`).`,
      grepNeedsText: "`grep` needs the text to search for, e.g. `/joblog 2 10086 grep No space left`.",
      grepTooLong: (max: string) => `the text to search for is longer than ${max} characters.`,
    },
  },

  access: {
    rateLimitedUser: (seconds: string) =>
      `You are asking joblog faster than it answers one person (a few requests a minute). Please try again in ${seconds} s.`,
    rateLimitedChannel: (seconds: string) => `This channel is asking joblog faster than it answers one channel. Please try again in ${seconds} s.`,
    notMapped:
      "joblog asks BK-JOB as the person who asked, and it does not know your BlueKing username. Ask a joblog administrator to add you to the `users:` map of its access file. Nothing was asked of BK-JOB.",
    noEmail:
      "joblog asks BK-JOB as the person who asked, using the name before the @ of your Slack profile's e-mail, and your profile has no e-mail it can use. Ask a joblog administrator to map you in its access file. Nothing was asked of BK-JOB.",
    lookupFailed: "joblog could not read your Slack profile to learn your BlueKing username. Please try again in a minute.",
    channelDenied: (biz: string, rule: string) =>
      `Business ${biz} may not be queried from this channel (access rule ${rule}). Ask in a channel that rule allows. Nothing was posted.`,
    followDenied: (biz: string, rule: string) => `You may not follow jobs of business ${biz} (access rule ${rule}). Nothing was posted.`,
    logsDenied: (biz: string, rule: string) =>
      `Log text of business ${biz} may not be shown in this channel (access rule ${rule}). Ask in a private channel or a direct message with joblog, if that rule allows it.`,
    noRule: (biz: string) =>
      `No access rule covers business ${biz}, so joblog does not query it. Ask a joblog administrator to add one to its access file. Nothing was posted.`,
    logsWithheld: (rule: string) => `Log text is not shown in this channel (access rule ${rule}). Ask joblog in a direct message to see it.`,
  },

  errors: {
    heading: "⚠️ I couldn't get that job from BK-JOB.",
    not_found: (job: string, biz: string) =>
      `Job ${job} was not found in business ${biz}. Check both ids: a job started in another business is reported as not found.`,
    no_permission: (user: string) => `BK-JOB says the user *${user}* may not view this job.`,
    no_permission_actions: (actions: string) => `Permission needed: ${actions}.`,
    no_permission_next: "Ask for it in BlueKing's permission center (IAM), or ask the job's operator.",
    apply_link: "Apply for it here",
    business_not_found: (biz: string) => `Business ${biz} does not exist in BK-JOB, or it has been archived.`,
    bad_credentials:
      "BlueKing rejected joblog's credentials. An administrator should check BK_APP_CODE, BK_APP_SECRET and BK_USERNAME (and that the app may call BK-JOB without a login).",
    gateway: "The BlueKing gateway in front of BK-JOB failed. It is usually temporary: try again in a minute.",
    rate_limited: "BlueKing is rate-limiting joblog. Try again in a minute.",
    rate_limited_reset: (seconds: string) => `The BlueKing API gateway is rate-limiting joblog. Try again in ${seconds} s.`,
    gateway_credentials:
      "The BlueKing API gateway rejected joblog's credentials (X-Bkapi-Authorization). An administrator should check BK_APP_CODE, BK_APP_SECRET and BK_USERNAME, and that the app may name that user.",
    gateway_app_no_permission:
      "The BlueKing API gateway does not let joblog's app (BK_APP_CODE) call this BK-JOB resource. A gateway administrator should grant the app bk-job's resources (the /api/v3/system/… ones too when BK_JOB_APIGW_SYSTEM=true).",
    gateway_ip_not_allowed: "The BlueKing API gateway refuses calls from joblog's address. A gateway administrator should allow it.",
    gateway_api_not_found:
      "The BlueKing API gateway has no such BK-JOB resource. An administrator should check BK_JOB_API_URL (the bk-job gateway's stage URL, e.g. https://bkapi.example.com/api/bk-job/prod) and BK_JOB_API.",
    gateway_backend_timeout: (api: string) =>
      `BK-JOB did not answer the BlueKing API gateway in time for \`${api}\` (a timeout at the gateway). BK-JOB may be overloaded: try again in a minute.`,
    timeout: (api: string, seconds: string) =>
      `BK-JOB did not answer \`${api}\` within ${seconds} s, so joblog stopped waiting (a timeout). BK-JOB may be busy: try again in a minute. If it keeps timing out, an administrator can check BK-JOB's health or raise BK_JOB_TIMEOUT_MS.`,
    network: "joblog could not reach BK-JOB. An administrator should check BK_JOB_API_URL and the network.",
    bad_response: "BK-JOB sent an answer joblog could not read (not JSON, cut short, or of an unexpected shape).",
    upstream: "BK-JOB reported an error.",
    internal: "Something went wrong inside joblog. The details are in its log.",
    bkMessage: "BK-JOB said",
    detailsCode: (code: string) => `BK-JOB code ${code}`,
    detailsRequestId: (requestId: string) => `request id ${requestId}`,
  },

  slow: {
    stillAsking: (job: string) => `⏳ Still asking BK-JOB about job ${job}…`,
  },

  followMode: {
    alreadyFailuresOnly: "I'm already following this job in this channel, with failures only (and the end).",
    switchToAll: "Switch to all updates",
    switched: (job: string) => `Following job ${job} here with all updates now: finished steps are posted too.`,
    notFollowing: "That follow has ended, so there is nothing to switch. Start a new one with `/joblog follow`.",
    finishedNote: (job: string) => `Job ${job} has already finished: nothing to follow. Here is its report.`,
  },

  logHosts: {
    finding: (job: string) => `Finding the host to show in job ${job}…`,
    none: (job: string) => `No host of job ${job} has printed anything yet. Try again in a moment.`,
    placeholder: "Choose a host",
    failing: "Failing hosts: choose one to read its log.",
    recent: "Hosts with output in the latest step: choose one to read its log.",
    choice: (host: string, step: string, status: string) => `${host} · ${step} · ${status}`,
  },

  postedLog: {
    button: "✓ Posted to thread",
    done: "✓ Posted to thread.",
    already: (link: string) => `This log was already posted to the thread: ${link}`,
    alreadyNoLink: "This log was already posted to the thread.",
    open: "open it",
  },

  // Why did it fail: the digest of causes (report, follow, terminal, `why`, the Hosts modal).
  causes: {
    headline: (causes: string, hosts: string) => `🔎 *${causes} ${causes === "1" ? "cause" : "causes"} across ${hosts} failing ${hosts === "1" ? "host" : "hosts"}*`,
    hosts: (count: string) => `${count} ${count === "1" ? "host" : "hosts"}`,
    exitCodes: (codes: string) => `exit ${codes}`,
    tags: (tags: string) => `tag ${tags}`,
    step: (step: string) => `step ${step}`,
    noOutput: (statuses: string) => `printed nothing (${statuses})`,
    above: "above it:",
    andMore: (count: string) => `and ${count} more`,
    moreCauses: (causes: string, hosts: string) => `…and ${causes} more ${causes === "1" ? "cause" : "causes"} (${hosts} ${hosts === "1" ? "host" : "hosts"}): ask \`why\` for the digest alone.`,
    sample: (read: string, failing: string, size: string) => `Read a sample: the logs of ${read} of ${failing} failing hosts (${size}); the counts are of those.`,
    hostsButton: (count: string) => `Hosts (${count})`,
    whyTitle: (job: string, name: string) => `Why job ${job} failed: ${name}`,
    noFailures: (job: string) => `Job ${job} has no failing hosts: nothing to explain.`,
    modalTitle: "Hosts of a cause",
    modalRange: (first: string, last: string, total: string) => `Hosts ${first}–${last} of ${total}`,
    representative: (host: string) => `Log ${host} (representative)`,
    postList: "Post host list to thread",
    posting: "Posting the host list…",
    posted: "✓ Host list posted to the thread.",
    postFailed: (reason: string) => `Could not post the host list: ${reason}`,
    listComment: (count: string, step: string, job: string) => `Hosts of one cause (${count}) in step ${step} of job ${job}, one per line:`,
    gone: "This cause is no longer among the job's failing hosts: its hosts changed since the report.",
    loading: "Finding this cause's hosts…",
  },

  stepActions: {
    button: {
      retry_failed: "🔁 Retry failed hosts",
      retry_all: "Retry all hosts",
      ignore_error: "Ignore error",
      skip: "⏭ Skip step",
      confirm: "✅ Confirm",
      reject: "Reject",
      terminate: "⏹ Terminate job",
    },
    /** The confirmation dialog's title, and its confirm / cancel buttons. */
    title: {
      retry_failed: "Retry failed hosts?",
      retry_all: "Retry all hosts?",
      ignore_error: "Ignore the error?",
      skip: "Skip the step?",
      confirm: "Confirm the step?",
      reject: "Reject the step?",
      terminate: "Terminate the job?",
    },
    yes: {
      retry_failed: "Retry",
      retry_all: "Retry all",
      ignore_error: "Ignore and go on",
      skip: "Skip",
      confirm: "Confirm",
      reject: "Reject",
      terminate: "Terminate",
    },
    cancel: "Cancel",
    /** Exactly what will happen: (failed hosts, all hosts, "2 deploy-web", job id, job name). */
    question: {
      retry_failed: (failed: string, _all: string, step: string, job: string) => `Retry the ${failed} failed hosts of step ${step} in job ${job}?`,
      retry_all: (_failed: string, all: string, step: string, job: string) => `Run step ${step} of job ${job} again on all ${all} hosts?`,
      ignore_error: (_failed: string, _all: string, step: string, job: string) =>
        `Ignore the failure of step ${step} in job ${job} and go on with the next step?`,
      skip: (_failed: string, _all: string, step: string, job: string) => `Skip step ${step} of job ${job}, which is being stopped, and go on with the next step?`,
      confirm: (_failed: string, _all: string, step: string, job: string) => `Confirm step ${step} of job ${job}, so that the job goes on?`,
      reject: (_failed: string, _all: string, step: string, job: string) => `Reject step ${step} of job ${job}? The job ends there.`,
      terminate: (_failed: string, _all: string, _step: string, job: string, name: string) => `Terminate job ${job} (${name})? Running hosts are stopped.`,
    },
    asYou: "joblog does it in BK-JOB as you.",
    /** What was done, by whom, when: (step "2 deploy-web" or "", who, when). */
    done: {
      retry_failed: (step: string, who: string, at: string) => `🔁 Retry of the failed hosts of step ${step} started by ${who} at ${at}`,
      retry_all: (step: string, who: string, at: string) => `🔁 Retry of all hosts of step ${step} started by ${who} at ${at}`,
      ignore_error: (step: string, who: string, at: string) => `⏭ Error of step ${step} ignored by ${who} at ${at}`,
      skip: (step: string, who: string, at: string) => `⏭ Step ${step} skipped by ${who} at ${at}`,
      confirm: (step: string, who: string, at: string) => `✅ Step ${step} confirmed by ${who} at ${at}`,
      reject: (step: string, who: string, at: string) => `🚫 Step ${step} rejected by ${who} at ${at}`,
      terminate: (_step: string, who: string, at: string) => `⏹ Termination of the job asked by ${who} at ${at}`,
    },
    following: "joblog follows the job in this channel: its outcome comes in the live message's thread.",
    underWay: (done: string) => `${done}: it is already under way, so nothing was sent again.`,
    sending: (who: string) => `${who} is sending this very action to BK-JOB right now, so nothing was sent again.`,
    staleStep: (step: string, status: string) => `This button is out of date: step ${step} is now *${status}*, and BK-JOB would not accept it there. Nothing was sent.`,
    staleJob: (job: string, status: string) => `This button is out of date: job ${job} is now *${status}*, so there is nothing to terminate. Nothing was sent.`,
    stepGone: (job: string) => `That step is no longer in job ${job}. Nothing was sent.`,
    refusedHeading: "⚠️ BK-JOB did not do it.",
    refused: {
      1241003: "BK-JOB does not accept this action in the step's current state (unsupported operation).",
      1244016: "BK-JOB says only the people this confirmation is addressed to may answer it, and you are not one of them.",
      1241002: "BK-JOB says the request was not valid for this job or step.",
    } as Record<number, string>,
    noPermission: (user: string) => `BK-JOB says the user *${user}* may not operate this job.`,
    awaiting: (step: string) => `✋ Step ${step} waits for a confirmation.`,
    confirmationText: (text: string) => `“${text}”`,
    addressedTo: (who: string) => `Addressed to: ${who}`,
    operateDenied: (biz: string, rule: string) =>
      `You may not act on jobs of business ${biz} from Slack (access rule ${rule}: its \`operators:\` do not name you). Nothing was sent to BK-JOB.`,
    noAccessFile: "Acting on jobs from Slack is off: joblog has no access file, and only the `operators:` of an access file may act. Nothing was sent to BK-JOB.",
  },

  runs: runsEn,
};

export type Messages = typeof en;

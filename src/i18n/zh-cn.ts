// Every user-facing string in Chinese (JOBLOG_LANG=zh-CN), in the English dictionary's shape.
import { runsZhCn } from "./runs-zh-cn.js";
import type { Messages } from "./en.js";

/** Labels of BK-JOB job/step run statuses (RunStatusEnum). */
const runStatusZh: Record<number, string> = {
  1: "等待执行", 2: "正在执行", 3: "执行成功", 4: "执行失败", 5: "跳过", 6: "忽略错误", 7: "等待确认",
  8: "手动结束", 9: "状态异常", 10: "强制终止中", 11: "强制终止成功", 12: "强制终止失败",
  13: "确认终止", 14: "被丢弃", 15: "滚动等待",
};

/** Labels of host task statuses (`ip_status`). */
const hostStatusZh: Record<number, string> = {
  0: "未知错误", 1: "Agent 异常", 2: "无效执行对象", 3: "上次已成功", 5: "等待执行", 7: "正在执行", 9: "执行成功",
  11: "任务失败", 12: "任务下发失败", 13: "任务超时", 15: "任务日志错误", 16: "脚本日志超时", 17: "文件日志超时",
  18: "Agent 未安装", 101: "脚本执行失败", 102: "脚本执行超时", 103: "脚本执行被终止", 104: "脚本返回码非零",
  202: "文件传输失败", 203: "源文件不存在", 301: "文件任务未分类错误", 303: "执行任务超时", 310: "Agent 异常",
  311: "用户名不存在", 312: "用户密码不正确", 320: "文件获取失败", 321: "文件超出限制", 329: "文件传输错误",
  399: "任务执行出错", 403: "任务强制终止成功", 404: "任务强制终止失败", 500: "未知",
};

export const zhCN: Messages = {
  runStatus: runStatusZh,
  hostStatus: hostStatusZh,
  unknownStatus: (code) => `未知状态 (${code})`,
  durationUnits: { day: "天", hour: "小时", minute: "分", second: "秒" },
  numberLocale: "zh-CN",

  report: {
    business: "业务",
    job: "作业",
    started: "开始于",
    by: "执行人",
    took: "耗时",
    runningFor: "已执行",
    openInJob: "在作业平台中查看",
    stepPending: "未开始",
    stepWaiting: "等待用户在作业平台中确认",
    noSteps: "该作业没有步骤。",
    hostsSummary: (failed, total) => `${total} 台主机中 ${failed} 台失败`,
    allHostsOk: (total) => `${total} 台主机全部成功`,
    hostsProgress: (done, total) => `${total} 台主机中 ${done} 台已完成`,
    failingHosts: (count) => `失败主机 (${count})`,
    groupTitle: (status, tag, step, count) => `*${status}*${tag ? ` · 标签 \`${tag}\`` : ""} · 步骤 ${step} · ${count} 台`,
    bkNet: "管控区域",
    exitCode: "返回码",
    errorCode: "错误码",
    andMoreHosts: (count) => `……还有 ${count} 台失败主机：请点击 *在作业平台中查看*，或查看单台主机日志。`,
    andMoreSteps: (count) => `……还有 ${count} 个步骤`,
    logTailLabel: (host, lines) => `${host} 的最后 ${lines} 行日志`,
    emptyLog: "（无日志输出）",
    showLog: (host) => `日志 ${host}`,
    fallback: (icon, name, status, summary) => `${icon} ${name}：${status}，${summary}`,
    moreOmitted: "（受 Slack 消息长度限制，其余内容已省略）",
    fileLogsLabel: (host, files) => `${host} 的文件（${files} 个）`,
    fileStatus: { 0: "拉取中", 1: "等待中", 2: "上传中", 3: "下载中", 4: "成功", 5: "失败" },
    fileUpload: "上传",
    follow: "👀 跟踪",
  },

  follow: {
    stepOf: (index, total) => `第 ${index} 步，共 ${total} 步`,
    failedCount: (count) => `✗ ${count} 台主机失败`,
    elapsed: (duration) => `已执行 ${duration}`,
    took: (duration) => `耗时 ${duration}`,
    followedBy: (user) => `${user} 发起跟踪`,
    failuresOnly: "仅报告失败",
    stepHosts: (done, total) => `${done}/${total}`,
    stop: "⏹ 停止跟踪",
    showReport: "📄 查看日志",
    ended: {
      job_ended: "已停止跟踪：作业已结束（最终报告见线程）。",
      stopped: (user) => `已停止跟踪（${user} 操作）。`,
      max_duration: (hours) => `已跟踪 ${hours} 小时，停止跟踪：作业仍在执行。`,
      upstream_outage: "已停止跟踪：作业平台 10 分钟内没有响应。",
      slack_error: "已停止跟踪：我无法再在此发送消息。",
    },
    stepFinished: (step, status, duration, counts) => `✅ 步骤 ${step} 已完成 · ${status}${duration ? ` · ${duration}` : ""}${counts ? ` · ${counts}` : ""}`,
    stepFailed: (step, status, duration, counts) => `❌ 步骤 ${step} 失败 · ${status}${duration ? ` · ${duration}` : ""}${counts ? ` · ${counts}` : ""}`,
    hostsFailed: (count, step) => `⚠️ 步骤 ${step} 又有 ${count} 台主机失败，步骤仍在执行。`,
    failedHostsNotInLog: (hosts) => `失败主机：${hosts}`,
    waiting: (step) => `⏸️ 步骤 ${step} 正在等待有人在作业平台中确认。`,
    maxDuration: (hours, command) => `⏹ 已跟踪该作业 ${hours} 小时（单个作业的跟踪上限）。作业仍在执行：输入 \`${command}\` 可重新跟踪。`,
    outage: (since) => `⚠️ 作业平台自 ${since} 起没有响应，已停止跟踪该作业。作业平台恢复后可用 \`/joblog\` 查看。`,
    already: "我已经在本频道跟踪这个作业了。",
    alreadyLink: "查看实时消息",
    startedEphemeral: "已开始在此跟踪：一条自动更新的消息，有变化时在线程中回复。",
    cannotPost: (channel) => `我无法在 ${channel} 发送消息，因此无法在那里跟踪作业。请用 \`/invite @joblog\` 邀请我后再试。`,
    endedSlackError: (job, channel, error) => `已停止在 ${channel} 跟踪作业 ${job}：Slack 返回 \`${error}\`。请用 \`/invite @joblog\` 邀请我后重新跟踪。`,
    stoppedNotice: "已停止跟踪。",
  },

  grep: {
    summary: (logs, text) => `*${logs} 份主机日志包含* ${text}`,
    noMatch: (text) => `没有主机的日志包含 ${text}。`,
    skippedFileSteps: (steps) => `未搜索：${steps}（文件分发步骤；作业平台只搜索脚本输出）。`,
    hostLine: (matches) => `${matches} 行匹配`,
    notRead: "此处未读取日志：请点击该主机的日志按钮",
    matchesLabel: (host, shown, total) => (shown === total ? `${host} 的匹配行` : `${host} 的匹配行（${total} 行中的前 ${shown} 行）`),
    andMoreHosts: (count) => `……还有 ${count} 台主机匹配：请点击 *在作业平台中查看*，在那里搜索日志。`,
    noLineFound: "（作业平台匹配了这台主机，但没有完全匹配的行：可能是大小写不同）",
  },

  unfurl: {
    failedStep: (step) => `失败步骤 ${step}`,
    currentStep: (step) => `当前步骤 ${step}`,
    failingHosts: (count) => `${count} 台主机失败`,
  },

  logModal: {
    title: "主机日志",
    loading: (host) => `正在加载 ${host} 的日志……`,
    lines: (from, to, total) => `第 ${from}–${to} 行，共 ${total} 行`,
    empty: "该主机没有日志输出。",
    previous: "◀ 上一页",
    next: "下一页 ▶",
    first: "⏮ 开头",
    last: "末尾 ⏭",
    postToThread: "将完整日志发到消息线程",
    posted: "完整日志已发到该消息的线程中。",
    uploading: "正在上传完整日志……",
    close: "关闭",
    hostGone: "作业日志中已没有这台主机（作业可能已重试）。请重新执行 /joblog。",
    postFailed: (reason) => `无法将日志发到线程：${reason}`,
    notInChannel: "我不在这个频道中。请先用 `/invite @joblog` 邀请我，再试一次。",
    fileComment: (host, step, job) => `${host} 的完整日志，步骤 ${step}，作业 ${job}`,
  },

  usage: {
    title: "/joblog 用法",
    body: [
      "`/joblog &lt;业务ID&gt; &lt;作业实例ID&gt;`：查看作业平台执行结果，例如 `/joblog 2 10086`",
      "`/joblog &lt;作业执行链接&gt;`：同上，例如 `https://job.example.com/biz/2/execute/task/10086`",
      "`/joblog &lt;业务ID&gt; &lt;链接&gt;`：用于不含业务ID的 `…/api_execute/&lt;id&gt;` 链接",
      "`/joblog follow &lt;业务ID&gt; &lt;作业实例ID&gt; [--failures-only]`：在本频道跟踪正在执行的作业：一条自动更新的消息，有变化时在线程中回复",
      "`/joblog &lt;业务ID&gt; &lt;作业实例ID&gt; grep &lt;文字&gt;`：只显示日志中包含该文字的主机及匹配的行",
      "`/joblog help`：显示本帮助",
      "也可以提及我：`@joblog 2 10086`，我会在线程中回复。",
    ].join("\n"),
    problem: (detail) => `无法识别该命令：${detail}`,
    problems: {
      empty: "命令为空。",
      tooManyWords: "参数过多。",
      notANumber: (word) => `\`${word}\` 不是正整数。`,
      tooLarge: (word) => `\`${word}\` 太大，不是有效的ID。`,
      missingJob: "缺少作业实例ID。",
      missingBiz: "该链接不含业务ID：请在链接前加上业务ID，例如 `/joblog 2 &lt;链接&gt;`。",
      unknownLink: "这不是作业平台的执行链接。",
      bizMismatch: (linkBiz, givenBiz) => `链接属于业务 ${linkBiz}，但你输入的是 ${givenBiz}。`,
      unknownOption: (word) => `不认识的选项 \`${word}\`（仅支持 \`follow … --failures-only\`）。`,
      grepNeedsText: "`grep` 后面需要要搜索的文字，例如 `/joblog 2 10086 grep No space left`。",
      grepTooLong: (max) => `要搜索的文字超过 ${max} 个字符。`,
    },
  },

  access: {
    rateLimitedUser: (seconds) => `你向 joblog 发送请求过于频繁（每分钟只能处理几次）。请 ${seconds} 秒后再试。`,
    rateLimitedChannel: (seconds) => `本频道向 joblog 发送请求过于频繁。请 ${seconds} 秒后再试。`,
    notMapped: "joblog 以提问者本人的身份查询作业平台，但不知道你的蓝鲸用户名。请联系 joblog 管理员在访问规则文件的 `users:` 中添加你。未向作业平台发出任何请求。",
    noEmail:
      "joblog 以提问者本人的身份查询作业平台，用户名取自你 Slack 资料中邮箱 @ 前的部分，但你的资料中没有可用的邮箱。请联系 joblog 管理员在访问规则文件中为你配置映射。未向作业平台发出任何请求。",
    lookupFailed: "joblog 无法读取你的 Slack 资料以确定你的蓝鲸用户名。请稍后再试。",
    channelDenied: (biz, rule) => `不能在本频道查询业务 ${biz}（访问规则 ${rule}）。请在该规则允许的频道中查询。未发布任何消息。`,
    followDenied: (biz, rule) => `你不能跟踪业务 ${biz} 的作业（访问规则 ${rule}）。未发布任何消息。`,
    logsDenied: (biz, rule) => `业务 ${biz} 的日志内容不能在本频道显示（访问规则 ${rule}）。如果该规则允许，请在私有频道或与 joblog 的私信中查看。`,
    noRule: (biz) => `没有访问规则覆盖业务 ${biz}，joblog 不会查询它。请联系 joblog 管理员在访问规则文件中添加。未发布任何消息。`,
    logsWithheld: (rule) => `本频道不显示日志内容（访问规则 ${rule}）。请在与 joblog 的私信中查看。`,
  },

  errors: {
    heading: "⚠️ 无法从作业平台获取该作业。",
    not_found: (job, biz) => `在业务 ${biz} 中找不到作业实例 ${job}。请检查两个ID：属于其他业务的作业也会显示为不存在。`,
    no_permission: (user) => `作业平台提示用户 *${user}* 无权查看该作业。`,
    no_permission_actions: (actions) => `需要的权限：${actions}。`,
    no_permission_next: "请在蓝鲸权限中心申请，或联系该作业的执行人。",
    apply_link: "点此申请",
    business_not_found: (biz) => `业务 ${biz} 在作业平台中不存在或已被归档。`,
    bad_credentials: "蓝鲸拒绝了 joblog 的凭据。请管理员检查 BK_APP_CODE、BK_APP_SECRET 和 BK_USERNAME（以及该应用是否在免登录态验证白名单中）。",
    gateway: "作业平台前面的蓝鲸网关出错，通常是暂时的：请稍后重试。",
    rate_limited: "蓝鲸正在对 joblog 限流，请稍后重试。",
    rate_limited_reset: (seconds) => `蓝鲸 API 网关正在对 joblog 限流，请 ${seconds} 秒后重试。`,
    gateway_credentials:
      "蓝鲸 API 网关拒绝了 joblog 的凭据（X-Bkapi-Authorization）。请管理员检查 BK_APP_CODE、BK_APP_SECRET 和 BK_USERNAME，以及该应用是否可以指定该用户。",
    gateway_app_no_permission:
      "蓝鲸 API 网关不允许 joblog 的应用（BK_APP_CODE）调用该作业平台资源。请网关管理员为该应用授权 bk-job 的资源（设置 BK_JOB_APIGW_SYSTEM=true 时还包括 /api/v3/system/… 资源）。",
    gateway_ip_not_allowed: "蓝鲸 API 网关拒绝了来自 joblog 所在地址的调用。请网关管理员放行。",
    gateway_api_not_found:
      "蓝鲸 API 网关上没有该作业平台资源。请管理员检查 BK_JOB_API_URL（bk-job 网关的环境地址，例如 https://bkapi.example.com/api/bk-job/prod）和 BK_JOB_API。",
    gateway_backend_timeout: (api) => `作业平台没有及时响应蓝鲸 API 网关的 \`${api}\` 调用（网关超时）。作业平台可能负载过高：请一分钟后重试。`,
    timeout: (api, seconds) =>
      `作业平台在 ${seconds} 秒内没有响应 \`${api}\` 调用，joblog 已停止等待（超时）。作业平台可能正忙：请一分钟后重试。如果一直超时，管理员可以检查作业平台的运行状况，或调大 BK_JOB_TIMEOUT_MS。`,
    network: "joblog 无法连接作业平台。请管理员检查 BK_JOB_API_URL 和网络。",
    bad_response: "作业平台返回了 joblog 无法解析的内容（不是 JSON、被截断或格式不符）。",
    upstream: "作业平台返回了错误。",
    internal: "joblog 内部出错，详情见其日志。",
    bkMessage: "作业平台提示",
    detailsCode: (code) => `作业平台错误码 ${code}`,
    detailsRequestId: (requestId) => `请求ID ${requestId}`,
  },

  slow: {
    stillAsking: (job) => `⏳ 仍在向作业平台查询作业 ${job}……`,
  },

  followMode: {
    alreadyFailuresOnly: "我已经在本频道跟踪这个作业了，目前仅报告失败（以及结束）。",
    switchToAll: "改为报告所有更新",
    switched: (job) => `现在在此报告作业 ${job} 的所有更新：完成的步骤也会发出。`,
    notFollowing: "该跟踪已经结束，无需切换。可用 `/joblog follow` 重新跟踪。",
    finishedNote: (job) => `作业 ${job} 已经结束，无需跟踪。以下是它的报告。`,
  },

  logHosts: {
    finding: (job) => `正在查找作业 ${job} 中要显示的主机……`,
    none: (job) => `作业 ${job} 的主机还没有任何输出。请稍后再试。`,
    placeholder: "选择主机",
    failing: "失败主机：选择一台查看其日志。",
    recent: "最近步骤中有输出的主机：选择一台查看其日志。",
    choice: (host, step, status) => `${host} · ${step} · ${status}`,
  },

  postedLog: {
    button: "✓ 已发到线程",
    done: "✓ 已发到线程。",
    already: (link) => `该日志已经发到线程中：${link}`,
    alreadyNoLink: "该日志已经发到线程中。",
    open: "打开",
  },

  runs: runsZhCn,
};

// Block Kit and mrkdwn → HTML for the local console: escaping first (nothing from a message may
// become markup), then each block type and mrkdwn feature the console promises to draw.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../support/build-report.js";
import { blocksToHtml, markdownToHtml, messageBodyHtml } from "../../../src/local/fake-slack/console/block-kit-html.js";
import { mrkdwnToHtml, plainTextToHtml } from "../../../src/local/fake-slack/console/mrkdwn-html.js";
import { messagesFor } from "../../../src/i18n/index.js";
import { preformatted, section } from "../../../src/render/block-kit.js";
import { renderReportMessage } from "../../../src/render/report-message.js";
import { bkTime, host } from "../../fixtures/job-models.js";

const names = { user: (id: string) => (id === "U0BOT" ? "joblog" : undefined), channel: () => "ops" };

/** Fails when the HTML holds a tag this renderer never writes (what an injection would add). */
function expectOnlyOurTags(html: string): void {
  const allowed = new Set([
    "a", "b", "i", "s", "br", "code", "pre", "div", "span", "h3", "hr", "button", "time", "blockquote",
    "ul", "ol", "li", "p", "img", "table", "tbody", "tr", "td", "select", "optgroup", "option",
  ]);
  // Text cannot hold a raw "<", so every "<" starts one of our tags; look inside each tag.
  for (const match of html.matchAll(/<\/?([a-zA-Z0-9-]+)([^>]*)>/g)) {
    expect(allowed).toContain(match[1]);
    const attributes = (match[2] ?? "").replace(/"[^"]*"/g, '""');
    expect(attributes).toMatch(/^(\s+[a-z-]+(="")?)*$/); // name="…" pairs only
    expect(attributes).not.toMatch(/\son[a-z]+=/i); // no event-handler attributes
  }
  expect(html).not.toMatch(/href="javascript:/i);
}

describe("escaping", () => {
  it.each([
    ["a log line as the app sends it (escaped)", preformatted("&lt;script&gt;alert(1)&lt;/script&gt;")],
    ["a raw log line in preformatted text", preformatted("<script>alert(1)</script>")],
  ])("renders %s as text", (_name, block) => {
    const html = blocksToHtml([block]);
    expectOnlyOurTags(html);
    expect(html).not.toContain("<script");
  });

  it("shows a preformatted <script> line exactly as typed", () => {
    expect(blocksToHtml([preformatted("<script>alert('x')</script>")])).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  });

  it.each([
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<javascript:alert(1)|click me> <https://ok.example/" onmouseover="x|label>',
    "*<script>* _<b>_ `<i>` ```<pre>```",
    "\uE0000\uE001 placeholder characters",
    '<!date^1700000000^{date}|"><script>> <@U1|"><b>x>',
  ])("mrkdwn %j never becomes markup", (text) => {
    const html = mrkdwnToHtml(text, names);
    expectOnlyOurTags(html);
    expect(html).not.toContain("<script");
  });

  it("draws a javascript: link as its label only", () => {
    expect(mrkdwnToHtml("<javascript:alert(1)|click>")).toBe("click");
  });

  it("keeps quotes inside a link's href escaped", () => {
    const html = mrkdwnToHtml('<https://ok.example/?a="b"|x>');
    expect(html).toBe('<a href="https://ok.example/?a=&quot;b&quot;" target="_blank" rel="noopener noreferrer">x</a>');
  });

  it("escapes plain_text, section fields, button labels and image attributes", () => {
    const html = blocksToHtml([
      { type: "header", text: { type: "plain_text", text: "<b>head</b>" } },
      { type: "section", fields: [{ type: "plain_text", text: "<i>f</i>" }] },
      { type: "actions", elements: [{ type: "button", action_id: '"><x', text: { type: "plain_text", text: "<u>go</u>" } }] },
      { type: "image", image_url: 'https://img.example/a.png"><script>', alt_text: '"><script>' },
    ]);
    expectOnlyOurTags(html);
    expect(html).toContain("&lt;b&gt;head&lt;/b&gt;");
    expect(html).toContain('data-action-id="&quot;&gt;&lt;x"');
  });

  it("renders the tricky upstream text of a real report as text", () => {
    const tricky = "<!channel> <script>alert(1)</script> &amp; `x` *y*";
    const report = buildReport({
      ref: { bizId: 1, jobInstanceId: 300 },
      log: {
        requestId: null,
        steps: [
          {
            stepInstanceId: 1,
            name: tricky,
            status: 4,
            isFinished: true,
            groups: [{ ipStatus: 104, tag: tricky, hosts: [host({ ip: "10.0.0.1", exitCode: 1, logContent: `${tricky}\n<script>x</script>` })] }],
          },
        ],
      },
      status: null,
      webUrl: null,
      now: bkTime("2024-05-20 10:00:00"),
    });
    const html = blocksToHtml(renderReportMessage(report, messagesFor("en")).blocks);
    expectOnlyOurTags(html);
    expect(html).not.toContain("sk-broadcast"); // joblog escaped <!channel>: no ping, drawn as text
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
  });
});

describe("mrkdwn", () => {
  it.each([
    ["*bold*", "<b>bold</b>"],
    ["_italic_", "<i>italic</i>"],
    ["~strike~", "<s>strike</s>"],
    ["a *b* _c_ ~d~", "a <b>b</b> <i>c</i> <s>d</s>"],
    ["`code *not bold*`", '<code class="sk-code">code *not bold*</code>'],
    ["```\nline 1\n*line* 2```", '<pre class="sk-pre">line 1\n*line* 2</pre>'],
    ["job_start_time 2*3*4", "job_start_time 2*3*4"],
    ["* not bold *", "* not bold *"],
    ["&lt;tag&gt; &amp;amp;", "&lt;tag&gt; &amp;amp;"],
    ["one\ntwo", "one<br>two"],
    ["&gt; quoted\nafter", '<blockquote class="sk-quote">quoted</blockquote>after'],
    [":white_check_mark: :x: :no_such_emoji:", "✅ ❌ :no_such_emoji:"],
    ["<https://job.example.com/x|Open in BK-JOB>", '<a href="https://job.example.com/x" target="_blank" rel="noopener noreferrer">Open in BK-JOB</a>'],
    ["<https://a.example/?q=1&amp;r=2>", '<a href="https://a.example/?q=1&amp;r=2" target="_blank" rel="noopener noreferrer">https://a.example/?q=1&amp;r=2</a>'],
    ["*<https://a.example|bold link>*", '<b><a href="https://a.example" target="_blank" rel="noopener noreferrer">bold link</a></b>'],
    ["<@U0BOT> and <@U9|sam> in <#C1>", '<span class="sk-mention">@joblog</span> and <span class="sk-mention">@sam</span> in <span class="sk-mention">#ops</span>'],
    ["<!here>", '<span class="sk-mention sk-broadcast">@here</span>'],
    ["`<https://a.example|label>`", '<code class="sk-code">label</code>'],
  ])("%j", (text, html) => {
    expect(mrkdwnToHtml(text, names)).toBe(html);
  });

  it("turns <!date^…|fallback> into a <time> the page localises, showing the fallback until then", () => {
    expect(mrkdwnToHtml("Started <!date^1716171300^{date_short_pretty} {time_secs}|2024-05-20 10:15:00 UTC+8>")).toBe(
      'Started <time class="sk-date" datetime="2024-05-20T02:15:00.000Z" data-format="{date_short_pretty} {time_secs}">2024-05-20 10:15:00 UTC+8</time>',
    );
  });

  it("plain_text draws emoji shortcodes unless emoji is false", () => {
    expect(plainTextToHtml(":tada: <x>")).toBe("🎉 &lt;x&gt;");
    expect(plainTextToHtml(":tada:", false)).toBe(":tada:");
  });
});

describe("blocks", () => {
  it("draws header, section with fields and accessory, context, divider and actions", () => {
    const html = blocksToHtml([
      { type: "header", text: { type: "plain_text", text: "❌ deploy" } },
      {
        type: "section",
        block_id: "summary",
        text: { type: "mrkdwn", text: "*Failed*" },
        fields: [{ type: "mrkdwn", text: "a" }, { type: "plain_text", text: "b" }],
        accessory: { type: "button", action_id: "acc", text: { type: "plain_text", text: "More" }, value: "v" },
      },
      { type: "context", elements: [{ type: "mrkdwn", text: "_ctx_" }, { type: "image", image_url: "https://i.example/a.png", alt_text: "a" }] },
      { type: "divider" },
      {
        type: "actions",
        elements: [
          { type: "button", action_id: "show_log:0", text: { type: "plain_text", text: "Log 10.0.2.21" }, value: "{}" },
          { type: "button", action_id: "open", style: "primary", text: { type: "plain_text", text: "Open" }, url: "https://job.example.com" },
          { type: "static_select", action_id: "pick" },
          { type: "overflow", action_id: "more" },
        ],
      },
    ]);
    expect(html).toContain('<h3 class="sk-block sk-header">❌ deploy</h3>');
    expect(html).toContain('data-block-id="summary"');
    expect(html).toContain('<div class="sk-fields"><div class="sk-field">a</div><div class="sk-field">b</div></div>');
    expect(html).toContain('data-action-id="acc" data-block-index="1" data-element-index="accessory"');
    expect(html).toContain('<span class="sk-context-item"><i>ctx</i></span>');
    expect(html).toContain("<hr>");
    expect(html).toContain('data-action-id="show_log:0" data-block-index="4" data-element-index="0">Log 10.0.2.21</button>');
    expect(html).toContain('class="sk-button sk-button-primary"');
    expect(html).toContain('data-url="https://job.example.com"');
    expect(html).toContain('<select class="sk-select" data-action-id="pick" data-block-index="4" data-element-index="2" disabled>');
    expect(html).toContain('<span class="sk-unsupported-element" title="not usable in the local console">overflow</span>');
    expect(html).not.toContain('value="'); // the page never holds a button's value: the server looks it up
  });

  it("draws a static_select as a <select>: its options, the initial option chosen, each option's place, no values", () => {
    const option = (text: string, value: string) => ({ text: { type: "plain_text", text, emoji: true }, value });
    const html = blocksToHtml([
      { type: "section", text: { type: "mrkdwn", text: "hosts" } },
      {
        type: "actions",
        block_id: "host-picker",
        elements: [
          {
            type: "static_select",
            action_id: "log_host",
            placeholder: { type: "plain_text", text: "Choose a host" },
            options: [option("10.0.7.1 · Running", "0"), option(":x: 10.0.7.2 <b>", "1")],
            initial_option: option(":x: 10.0.7.2 <b>", "1"),
          },
        ],
      },
    ]);
    expectOnlyOurTags(html);
    expect(html).toBe(
      [
        '<div class="sk-block sk-section"><div class="sk-section-body"><div class="sk-section-text">hosts</div></div></div>',
        '<div class="sk-block sk-actions" data-block-id="host-picker">',
        '<select class="sk-select" data-action-id="log_host" data-block-index="1" data-element-index="0" aria-label="Choose a host">',
        '<option data-option-index="0">10.0.7.1 · Running</option>',
        '<option data-option-index="1" selected>❌ 10.0.7.2 &lt;b&gt;</option>',
        "</select></div>",
      ].join(""),
    );
  });

  it("draws option_groups as <optgroup>, numbers options across groups, and shows the placeholder until a choice", () => {
    const option = (text: string) => ({ text: { type: "plain_text", text }, value: text });
    const html = blocksToHtml([
      {
        type: "section",
        text: { type: "mrkdwn", text: "pick" },
        accessory: {
          type: "static_select",
          action_id: "env",
          placeholder: { type: "plain_text", text: "Environment" },
          option_groups: [
            { label: { type: "plain_text", text: "Test \"zone\"" }, options: [option("dev"), option("qa")] },
            { label: { type: "plain_text", text: "Live" }, options: [option("prod")] },
          ],
        },
      },
    ]);
    expectOnlyOurTags(html);
    expect(html).toContain(
      '<select class="sk-select" data-action-id="env" data-block-index="0" data-element-index="accessory" aria-label="Environment">' +
        "<option disabled selected hidden>Environment</option>" +
        '<optgroup label="Test &quot;zone&quot;"><option data-option-index="0">dev</option><option data-option-index="1">qa</option></optgroup>' +
        '<optgroup label="Live"><option data-option-index="2">prod</option></optgroup></select>',
    );
  });

  it("draws rich text: sections with styles, links, emoji, mentions; preformatted; quote; lists", () => {
    const html = blocksToHtml([
      {
        type: "rich_text",
        elements: [
          {
            type: "rich_text_section",
            elements: [
              { type: "text", text: "bold", style: { bold: true } },
              { type: "text", text: " code\n", style: { code: true } },
              { type: "link", url: "https://a.example", text: "a" },
              { type: "emoji", name: "rocket", unicode: "1f680" },
              { type: "emoji", name: "tada" },
              { type: "user", user_id: "U0BOT" },
              { type: "broadcast", range: "channel" },
            ],
          },
          { type: "rich_text_preformatted", border: 0, elements: [{ type: "text", text: "line 1\n<b>line 2</b>" }] },
          { type: "rich_text_quote", elements: [{ type: "text", text: "quoted" }] },
          { type: "rich_text_list", style: "ordered", elements: [{ type: "rich_text_section", elements: [{ type: "text", text: "one" }] }] },
        ],
      },
    ], names);
    expect(html).toContain("<b>bold</b>");
    expect(html).toContain('<code class="sk-code"> code<br></code>');
    expect(html).toContain('<a href="https://a.example" target="_blank" rel="noopener noreferrer">a</a>🚀🎉');
    expect(html).toContain('<span class="sk-mention">@joblog</span><span class="sk-mention sk-broadcast">@channel</span>');
    expect(html).toContain('<pre class="sk-pre">line 1\n&lt;b&gt;line 2&lt;/b&gt;</pre>');
    expect(html).toContain('<blockquote class="sk-quote">quoted</blockquote>');
    expect(html).toContain('<ol class="sk-rt-list sk-indent-0"><li>one</li></ol>');
  });

  it("draws markdown blocks, images, tables, and names blocks it does not know", () => {
    const html = blocksToHtml([
      { type: "markdown", text: "# Title\n**bold** and [link](https://a.example)\n- one\n- two\n```\n<code>\n```" },
      { type: "image", image_url: "https://i.example/a.png", alt_text: "chart", title: { type: "plain_text", text: "Chart" } },
      { type: "table", rows: [[{ type: "raw_text", text: "ip" }, { type: "raw_text", text: "<x>" }]] },
      { type: "carousel" },
    ]);
    expect(html).toContain('<div class="sk-md-heading">Title</div>');
    expect(html).toContain('<p><b>bold</b> and <a href="https://a.example" target="_blank" rel="noopener noreferrer">link</a></p>');
    expect(html).toContain('<ul class="sk-rt-list"><li>one</li><li>two</li></ul>');
    expect(html).toContain('<pre class="sk-pre">&lt;code&gt;</pre>');
    expect(html).toContain('<img class="sk-image" src="https://i.example/a.png" alt="chart" loading="lazy">');
    expect(html).toContain("<td>&lt;x&gt;</td>");
    expect(html).toContain("block &quot;carousel&quot; is not drawn by the local console");
  });

  it("survives malformed input", () => {
    const odd = [null, 3, "x", { type: "section", text: 5, fields: "no" }, { type: "actions", elements: [null, { type: "button" }] }, { type: "rich_text", elements: [{}, { type: "rich_text_list" }] }];
    expect(() => blocksToHtml(odd)).not.toThrow();
  });

  it("shows a message without blocks by its text", () => {
    expect(messageBodyHtml("*hi*", undefined)).toBe('<div class="sk-block sk-text"><b>hi</b></div>');
    expect(messageBodyHtml("*hi*", [section("from blocks")])).toContain("from blocks");
  });

  it("markdownToHtml escapes", () => {
    const html = markdownToHtml("<script>x</script> [a](javascript:alert)");
    expect(html).toBe("<p>&lt;script&gt;x&lt;/script&gt; a</p>");
  });
});

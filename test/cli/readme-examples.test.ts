// README.md's examples, tried as written: the terminal commands of "In a terminal", the log the
// console section says to page through, and the example report, each against what joblog really
// prints for the simulator's job. A README that drifts from the product fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { indexLogPages } from "../../src/core/log-pages.js";
import { mrkdwnToPlain } from "../../src/render/mrkdwn-plain.js";
import { JOBLOG_BIN, runJoblog } from "./run-joblog.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { bin: Record<string, string> };

/** The text of the section under `## title`, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  const end = README.indexOf("\n## ", start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The lines of the first fenced block of `language` after `after` in `text`. */
function fencedBlock(text: string, language: string, after = ""): string[] {
  const from = text.indexOf(after);
  const open = text.indexOf(`\`\`\`${language}\n`, from);
  const close = text.indexOf("\n```", open + 1);
  expect(open, `a \`\`\`${language} block`).toBeGreaterThanOrEqual(0);
  return text.slice(open + language.length + 4, close).split("\n");
}

/** `npx joblog …  # comment` → the arguments, as the shell would split these simple words. */
const argumentsOf = (line: string): string[] => line.replace(/#.*$/, "").trim().split(/\s+/).slice(2);

describe("README: In a terminal", () => {
  const commands = fencedBlock(section("In a terminal"), "sh").filter((line) => line.startsWith("npx joblog "));

  it("npx joblog is this repository's bin/joblog.js", () => {
    expect(new URL(packageJson.bin["joblog"] ?? "", new URL("../../", import.meta.url)).pathname).toBe(JOBLOG_BIN);
  });

  it("starts with commands that work with nothing set up: --sim", () => {
    expect(commands[0]).toMatch(/^npx joblog --sim /);
    const simCommands = commands.filter((line) => argumentsOf(line).includes("--sim"));
    expect(simCommands.length).toBeGreaterThanOrEqual(3);
  });

  it.each(fencedBlock(section("In a terminal"), "sh").filter((line) => / --sim /.test(line)))("%s", async (line) => {
    const run = await runJoblog(argumentsOf(line));
    expect(run.stderr).toBe("");
    // The job failed (exit 1); a printed log exits 0. Never 2 (usage, configuration, BK-JOB).
    expect(run.code).toBe(argumentsOf(line).includes("--log") ? 0 : 1);
    expect(run.stdout.length).toBeGreaterThan(0);
  });

  it("the command without --sim, with nothing set, points to --sim", async () => {
    const bare = commands.find((line) => !argumentsOf(line).includes("--sim"));
    expect(bare).toBeDefined();
    const run = await runJoblog(argumentsOf(bare!));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("joblog --sim 1 200");
  });

  it("the quoted BK-Net hint is what --log prints", async () => {
    const quoted = /`(\S+) is in BK-Net (\d+): try --log\s+(\S+)`/.exec(section("In a terminal"));
    expect(quoted).not.toBeNull();
    const [hint, ip] = [quoted![0].slice(1, -1).replace(/\s+/g, " "), quoted![1]!];
    const run = await runJoblog(["--sim", "1", "2000", "--log", ip]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(hint);
  });
});

describe("README: the local console", () => {
  const paging = [...section("Try it without Slack: the local console").matchAll(/`\/joblog (\d+) (\d+)`, press \*\*Log (\S+)\*\* and page/g)];

  it("names a log to page through", () => {
    expect(paging.length).toBeGreaterThan(0);
  });

  it.each(paging.map((match) => [match[0], match[1]!, match[2]!, match[3]!]))("%s: the log has more than one page", async (_text, biz, job, ip) => {
    const run = await runJoblog(["--sim", biz, job, "--log", ip]);
    expect(run.code).toBe(0);
    expect(indexLogPages(run.stdout).pages.length).toBeGreaterThan(1);
  });
});

describe("README: the example report", () => {
  /** The Slack message for job 1 200 as lines of plain text (what a reader sees, marks removed). */
  let message: Promise<{ lines: string[]; tails: Map<string, string[]> }> | undefined;
  const messageLines = () => (message ??= readMessage());
  async function readMessage(): Promise<{ lines: string[]; tails: Map<string, string[]> }> {
    const run = await runJoblog(["--sim", "1", "200", "--json"]);
    const message = JSON.parse(run.stdout) as { blocks: Record<string, any>[] };
    const lines: string[] = [];
    const tails = new Map<string, string[]>();
    let label = "";
    for (const block of message.blocks) {
      if (block["type"] === "header" || block["type"] === "section") lines.push(...mrkdwnToPlain(block["text"].text).split("\n"));
      if (block["type"] === "context") {
        label = mrkdwnToPlain(block["elements"].map((element: { text: string }) => element.text).join(" "));
        lines.push(label);
      }
      if (block["type"] === "rich_text") tails.set(label, block["elements"][0].elements[0].text.split("\n"));
    }
    return { lines, tails };
  }

  const example = fencedBlock(README, "text", "A report, as Slack shows it");

  it("shows the report's lines as the message has them", async () => {
    const { lines } = await messageLines();
    // Drawn parts (rules, boxes, buttons) and the date, which Slack writes in the reader's zone.
    const reportLines = example.filter((line) => !/^[─┌└│[]/.test(line) && !line.startsWith("Business ") && !line.includes("(…)"));
    expect(reportLines.length).toBeGreaterThan(15);
    for (const line of reportLines) expect(lines, line).toContain(line);
  });

  it("quotes the log tail from the message", async () => {
    const { tails } = await messageLines();
    const label = example.find((line) => line.startsWith("Last "))!;
    const tail = tails.get(label) ?? [];
    expect(tail.length).toBeGreaterThan(0);
    const quoted = example.filter((line) => line.startsWith("│ ") && line !== "│   …").map((line) => line.slice(2));
    expect(quoted.length).toBeGreaterThan(3);
    // Masking is the secret tests' concern: a masked span stands for whatever the README shows.
    const matches = (shown: string) =>
      tail.some((real) => new RegExp(`^${real.split("[redacted]").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(shown));
    for (const line of quoted) expect(matches(line), line).toBe(true);
  });
});

// The local Slack console's page script. The server sends ready-made, escaped HTML for every
// message, ephemeral, notice and modal (src/local/fake-slack/console/console-items.ts); this script
// only places those pieces, localises times, and reports what the person types, presses and chooses.
// No framework and no build step: plain DOM code a maintainer can read in one sitting.
"use strict";

const state = {
  items: new Map(), // key → item { key, kind, ts, threadTs, inTimeline, deleted, html }
  dismissed: new Set(), // ephemeral keys the person dismissed (Slack forgets them locally too)
  openThread: null, // ts of the thread shown in the side pane
  views: [], // the modal stack, bottom first: { id, rootViewId, html }
};

const $ = (selector) => document.querySelector(selector);

// --- ordering -------------------------------------------------------------------------------

/** Slack ts "seconds.micros" as a comparable pair (a double would lose the micros). */
function tsParts(ts) {
  const [seconds = "0", micros = "0"] = String(ts).split(".");
  return [Number(seconds), Number(micros.padEnd(6, "0"))];
}

function compareTs(a, b) {
  const [as, am] = tsParts(a);
  const [bs, bm] = tsParts(b);
  return as - bs || am - bm;
}

// --- times ----------------------------------------------------------------------------------

const ordinal = (day) => {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${["th", "st", "nd", "rd"][day % 10] ?? "th"}`;
};

function dayDistance(date) {
  const start = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((start(date) - start(new Date())) / 86_400_000);
}

/** Slack's <!date> tokens, in the reader's time zone (https://api.slack.com/reference/surfaces/formatting#date-formatting). */
function formatSlackDate(date, format) {
  const month = date.toLocaleString("en-US", { month: "long" });
  const weekday = date.toLocaleString("en-US", { weekday: "long" });
  const year = date.getFullYear();
  const dateLong = `${weekday}, ${month} ${ordinal(date.getDate())}, ${year}`;
  const dateFull = `${month} ${ordinal(date.getDate())}, ${year}`;
  const dateShort = `${date.toLocaleString("en-US", { month: "short" })} ${date.getDate()}, ${year}`;
  const pretty = (fallback) => ({ 0: "Today", [-1]: "Yesterday", 1: "Tomorrow" })[dayDistance(date)] ?? fallback;
  const pad = (n) => String(n).padStart(2, "0");
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  const ago =
    Math.abs(seconds) < 60 ? "just now" : Math.abs(seconds) < 3600 ? `${Math.round(seconds / 60)} minutes ago` : Math.abs(seconds) < 86400 ? `${Math.round(seconds / 3600)} hours ago` : `${Math.round(seconds / 86400)} days ago`;
  const tokens = {
    date_num: `${year}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    date: dateFull,
    date_short: dateShort,
    date_long: dateLong,
    date_pretty: pretty(dateFull),
    date_short_pretty: pretty(dateShort),
    date_long_pretty: pretty(dateLong),
    time: date.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" }),
    time_secs: date.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit", second: "2-digit" }),
    ago,
  };
  return format.replace(/\{(\w+)\}/g, (whole, name) => tokens[name] ?? whole);
}

function localiseTimes(root) {
  for (const element of root.querySelectorAll("time.sk-date")) {
    const date = new Date(element.getAttribute("datetime"));
    if (Number.isNaN(date.getTime())) continue;
    element.title = element.textContent; // the app's fallback text, still visible on hover
    element.textContent = formatSlackDate(date, element.dataset.format || "{date_short_pretty} {time}");
  }
  for (const element of root.querySelectorAll("time.msg-time")) {
    const date = new Date(element.getAttribute("datetime"));
    if (Number.isNaN(date.getTime())) continue;
    element.textContent = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
    element.title = date.toLocaleString();
  }
}

// --- placing items ----------------------------------------------------------------------------

function belongsInThread(item) {
  if (state.openThread === null) return false;
  return item.threadTs === state.openThread || (item.kind === "message" && item.ts === state.openThread);
}

function nearBottom(container) {
  return container.scrollHeight - container.scrollTop - container.clientHeight < 80;
}

/** Puts (or replaces, or removes) one item in a list kept in ts order. */
function place(container, item, visible, isUpdate) {
  let element = container.querySelector(`:scope > [data-key="${CSS.escape(item.key)}"]`);
  if (!visible) {
    element?.remove();
    return;
  }
  const stick = nearBottom(container);
  if (!element) {
    element = document.createElement("div");
    element.className = "item";
    element.dataset.key = item.key;
    element.dataset.ts = item.ts;
    const after = [...container.children].find((child) => compareTs(child.dataset.ts, item.ts) > 0);
    container.insertBefore(element, after ?? null);
  } else if (isUpdate) {
    // Restart the highlight so each edit (follow mode) is visible as it lands.
    element.classList.remove("flash");
    void element.offsetWidth;
    element.classList.add("flash");
  }
  element.innerHTML = item.html;
  localiseTimes(element);
  if (stick) container.scrollTop = container.scrollHeight;
}

function showItem(item) {
  const isUpdate = state.items.has(item.key);
  state.items.set(item.key, item);
  const visible = !item.deleted && !state.dismissed.has(item.key);
  place($("#timeline"), item, visible && item.inTimeline, isUpdate);
  place($("#thread"), item, visible && belongsInThread(item), isUpdate);
}

function openThread(ts) {
  state.openThread = ts;
  $("#thread").replaceChildren();
  $("#thread-pane").hidden = false;
  const inThread = [...state.items.values()].filter(belongsInThread).sort((a, b) => compareTs(a.ts, b.ts));
  for (const item of inThread) place($("#thread"), item, !item.deleted && !state.dismissed.has(item.key), false);
  $("#thread-input").focus();
}

function closeThread() {
  state.openThread = null;
  $("#thread-pane").hidden = true;
}

// --- modals -----------------------------------------------------------------------------------

function drawModal() {
  const layer = $("#modal-layer");
  const top = state.views.at(-1);
  layer.hidden = top === undefined;
  if (!top) {
    layer.replaceChildren();
    return;
  }
  layer.innerHTML = top.html;
  localiseTimes(layer);
}

function showView(view) {
  const index = state.views.findIndex((candidate) => candidate.id === view.id);
  if (index >= 0) {
    state.views[index] = view; // views.update on an open view: redraw it in place
  } else if (view.rootViewId === view.id || state.views.some((candidate) => candidate.rootViewId === view.rootViewId)) {
    state.views.push(view); // views.open, or views.push onto an open stack
  } else {
    return; // an update to a modal the person already closed
  }
  drawModal();
}

// --- talking to the server --------------------------------------------------------------------

async function post(path, body) {
  try {
    const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return await response.json();
  } catch (error) {
    return { ok: false, error: `The console server did not answer (${error.message}). Is it still running?` };
  }
}

function setStatus(element, text, isError) {
  element.textContent = text;
  element.classList.toggle("error", Boolean(isError));
}

function wireComposer(form, input, status, threadTs) {
  const submit = async () => {
    const text = input.value;
    if (text.trim() === "") return;
    input.value = "";
    resize(input);
    setStatus(status, "sending…", false);
    const result = await post("/console/send", { text, ...(threadTs() ? { threadTs: threadTs() } : {}) });
    setStatus(status, result.ok ? "" : result.error, !result.ok);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    }
  });
  input.addEventListener("input", () => resize(input));
}

function resize(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${Math.min(textarea.scrollHeight, 200)}px`;
}

/** Reports a pressed button or a chosen option: where the element is drawn, never its value. */
async function reportAction(element, choice) {
  const holder = element.closest("[data-container]");
  if (!holder) return;
  const elementIndex = element.dataset.elementIndex === "accessory" ? "accessory" : Number(element.dataset.elementIndex);
  const action = {
    container: holder.dataset.container,
    channel: holder.dataset.channel,
    ts: holder.dataset.ts,
    viewId: holder.dataset.viewId,
    blockIndex: Number(element.dataset.blockIndex),
    elementIndex,
    actionId: element.dataset.actionId,
    ...choice,
  };
  element.classList.add("pressed");
  const result = await post("/console/action", action);
  element.classList.remove("pressed");
  const status = holder.closest("#thread-pane") ? $("#thread-status") : $("#composer-status");
  setStatus(status, result.ok ? "" : result.error, !result.ok);
}

/** Slack's confirmation dialog (a button's `confirm`): resolves true when the person confirms. */
function confirmed({ dataset: { confirmTitle, confirmText, confirmYes, confirmNo } }) {
  if (confirmText === undefined) return Promise.resolve(true);
  const part = (tag, text, className = "") => Object.assign(document.createElement(tag), { textContent: text, className });
  const [dialog, no, yes] = [document.createElement("dialog"), part("button", confirmNo), part("button", confirmYes, "sk-button sk-button-primary")];
  dialog.append(part("h3", confirmTitle), part("p", confirmText), no, yes);
  document.body.append(dialog);
  dialog.showModal();
  const answered = new Promise((resolve) => [[no, false], [yes, true]].forEach(([button, answer]) => button.addEventListener("click", () => resolve(answer))));
  return Promise.race([answered, new Promise((resolve) => dialog.addEventListener("cancel", () => resolve(false)))]).finally(() => dialog.remove());
}

async function pressButton(button) {
  if (button.dataset.url) window.open(button.dataset.url, "_blank", "noopener,noreferrer");
  if (await confirmed(button)) await reportAction(button, {});
}

/** A static_select sends its action when an option is chosen, as Slack's does. */
document.addEventListener("change", (event) => {
  const select = event.target instanceof HTMLSelectElement && event.target.matches("select[data-action-id]") ? event.target : null;
  const index = select?.selectedOptions[0]?.dataset.optionIndex;
  if (select && index !== undefined) void reportAction(select, { optionIndex: Number(index) });
});

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const button = target.closest("button[data-action-id]");
  if (button) return void pressButton(button);
  const threadLink = target.closest("[data-open-thread]");
  if (threadLink) return openThread(threadLink.dataset.openThread);
  const dismiss = target.closest("[data-dismiss]");
  if (dismiss) {
    const key = dismiss.closest(".item")?.dataset.key;
    if (key) {
      state.dismissed.add(key);
      const item = state.items.get(key);
      if (item) showItem(item);
    }
    return;
  }
  if (target.closest("[data-close-view]")) {
    state.views.pop();
    return drawModal();
  }
  if (target.closest("[data-close-all]") || target.id === "modal-layer") {
    state.views = [];
    return drawModal();
  }
  const example = target.closest("[data-example]");
  if (example) {
    const input = $("#composer-input");
    input.value = example.dataset.example;
    resize(input);
    input.focus();
  }
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && state.views.length > 0) {
    state.views = [];
    drawModal();
  }
});

/** A (re)connection: the server sends everything again after this. */
function reset() {
  state.items.clear();
  $("#timeline").replaceChildren();
  $("#thread").replaceChildren();
}

function hello(event) {
  for (const element of document.querySelectorAll("[data-channel-name]")) element.textContent = event.channel.name;
  $("#composer-input").placeholder = `Message #${event.channel.name} — try ${event.command} 1 100`;
  const examples = $("#examples");
  examples.replaceChildren(
    ...event.examples.map((example) => {
      const entry = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "example";
      button.dataset.example = example.text;
      const code = document.createElement("code");
      code.textContent = example.text;
      const description = document.createElement("span");
      description.textContent = example.description;
      button.append(code, description);
      entry.append(button);
      return entry;
    }),
  );
  $("#examples-section").hidden = event.examples.length === 0;
  setStatus($("#connection"), event.appConnected ? "" : "no app connected", !event.appConnected);
}

function connect() {
  const source = new EventSource("/console/events");
  source.onopen = () => setStatus($("#connection"), "", false);
  source.onerror = () => setStatus($("#connection"), "reconnecting…", true);
  source.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === "reset") reset();
    else if (event.type === "hello") hello(event);
    else if (event.type === "item") showItem(event.item);
    else if (event.type === "view") showView(event.view);
  };
}

wireComposer($("#composer"), $("#composer-input"), $("#composer-status"), () => null);
wireComposer($("#thread-composer"), $("#thread-input"), $("#thread-status"), () => state.openThread);
$("#thread-close").addEventListener("click", closeThread);
connect();
$("#composer-input").focus();

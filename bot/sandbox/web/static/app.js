// The web client: connects to the stand-in, shows what the chosen member sees, and acts as them.
import { closeOpenSelect } from "./components.js";
import { Composer } from "./composer.js";
import { openEvents, openJoin, openMessageMenu, openModal, openPins, openProfile } from "./dialogs.js";
import { avatar, el, hex } from "./dom.js";
import { formatDate } from "./markdown.js";
import { messageElement, renderMessages } from "./messages.js";

const $ = (id) => document.getElementById(id);
const state = {
  view: null,
  // ?member=<id> opens the page as that member (two tabs can be two members).
  memberId: new URLSearchParams(location.search).get("member") || sessionStorage.getItem("convener.member"),
  channelId: sessionStorage.getItem("convener.channel"),
  commands: [],
  commandsKey: null,
  dismissed: new Set(),
  seen: new Map(),
  socket: null,
  switched: true,
};

// -- talking to the stand-in ------------------------------------------------------------------------------
function toast(text, kind = "error") {
  const box = $(kind === "error" ? "alerts" : "status");
  const note = el("div", { class: `toast toast-${kind}` }, text);
  box.append(note);
  setTimeout(() => note.remove(), kind === "error" ? 6000 : 2500);
}

async function act(action, body = {}, opts = {}) {
  closeOpenSelect(false);
  let res;
  try {
    const r = await fetch(`/web/api/${action}`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ member: state.memberId, channel: state.channelId, ...body }),
    });
    res = await r.json();
  } catch (err) {
    res = { ok: false, error: "The stand-in is not answering (was it stopped?)." };
  }
  if (!res.ok && !opts.quiet) toast(res.error || "That did not work.");
  if (res.ok && res.modal) openModal(res.modal, ctx);
  return res;
}

function connect() {
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/web/live`);
  state.socket = socket;
  socket.addEventListener("open", () => { $("connection").textContent = ""; watch(); });
  socket.addEventListener("message", (e) => onView(JSON.parse(e.data)));
  socket.addEventListener("close", () => {
    $("connection").textContent = "Disconnected from the stand-in; reconnecting…";
    setTimeout(connect, 1000);
  });
}

function watch() {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(JSON.stringify({ member: state.memberId, channel: state.channelId }));
  }
}

async function loadCommands() {
  const r = await fetch(`/web/api/commands?member=${encodeURIComponent(state.memberId)}`);
  state.commands = await r.json();
}

// -- context handed to the renderers ----------------------------------------------------------------------
const ctx = {
  view: () => state.view,
  // The server's commands are registered for the server only: a direct message with the bot offers none.
  commands: () => (currentChannel()?.type === 1 ? [] : state.commands),
  locale: () => state.view?.me.locale || "en-US",
  fmt: () => ({ zone: state.view.me.zone, locale: state.view.me.locale, now: new Date(state.view.now) }),
  act,
  toast,
};

function renderContext(view) {
  const membersById = new Map(view.members.map((m) => [m.id, m]));
  return {
    ...ctx.fmt(),
    view,
    me: view.me.id,
    meMember: membersById.get(view.me.id),
    membersById,
    rolesById: new Map(view.roles.map((r) => [r.id, r])),
    channelsById: new Map(view.channels.map((c) => [c.id, c])),
    renderKey: `${view.me.id}|${view.me.zone}|${view.me.locale}|${view.now}`,
    act,
    dismiss: (id) => { state.dismissed.add(id); render(); },
    openMessageMenu: (anchor, msg) => openMessageMenu(anchor, msg, ctx),
    jump,
  };
}

// -- rendering --------------------------------------------------------------------------------------------
async function onView(view) {
  const memberChanged = !state.view || state.view.me.id !== view.me.id;
  if (view.commands_key !== state.commandsKey || memberChanged) {
    state.commandsKey = view.commands_key;
    state.memberId = view.me.id;
    await loadCommands();
  }
  state.view = view;
  state.memberId = view.me.id;
  state.channelId = view.channel;
  sessionStorage.setItem("convener.member", state.memberId);
  sessionStorage.setItem("convener.channel", state.channelId);
  if (!state.seen.has(view.me.id)) {
    state.seen.set(view.me.id, new Map(view.channels.map((c) => [c.id, c.last_message_id])));
  }
  state.seen.get(view.me.id).set(view.channel, view.channels.find((c) => c.id === view.channel)?.last_message_id);
  render();
}

function render() {
  const view = state.view;
  if (!view) return;
  const rctx = renderContext(view);
  document.title = `${channelLabel(rctx.channelsById.get(view.channel))} — ${view.guild.name} (convener sandbox)`;
  $("guild-name").textContent = view.guild.name;
  renderChannels(view, rctx);
  renderHeader(view, rctx);
  renderClock(view, rctx);
  renderUser(view, rctx);
  renderMembers(view, rctx);
  const msgs = view.messages.filter((m) => !state.dismissed.has(m.id));
  rctx.scrollToEnd = state.switched;
  intro(view, rctx.channelsById.get(view.channel));
  renderMessages($("messages"), msgs, rctx);
  state.switched = false;
  if (state.pendingJump && state.pendingJump()) state.pendingJump = null;
  const channel = rctx.channelsById.get(view.channel);
  composer.setPlaceholder(channel.type === 1 ? `Message @${channel.name}` : `Message #${channel.name} — type / for commands`);
}

function currentChannel() {
  return state.view?.channels.find((c) => c.id === state.view.channel);
}

function intro(view, ch) {
  const holder = $("messages");
  let node = holder.querySelector(":scope > .channel-intro");
  if (!node) {
    node = el("div", { class: "channel-intro" });
    holder.prepend(node);
  }
  const text = ch.type === 1
    ? `This is the beginning of your direct message history with ${ch.name}. Reminders you asked for by direct message (/profile reminders) arrive here.`
    : view.older ? `${view.older} older message(s) are not shown.` : `This is the start of #${ch.name}.`;
  if (node.textContent !== text) node.textContent = text;
}

function channelLabel(ch) {
  return ch ? (ch.type === 1 ? `@${ch.name}` : `#${ch.name}`) : "";
}

function unread(view, ch) {
  const seen = state.seen.get(view.me.id)?.get(ch.id);
  return !!ch.last_message_id && (!seen || BigInt(ch.last_message_id) > BigInt(seen));
}

function channelButton(view, ch, extra = "") {
  const isUnread = unread(view, ch) && ch.id !== view.channel;
  const icon = ch.type === 1 ? "@" : ch.type >= 10 ? "🧵" : "#";
  const b = el("button", { type: "button", class: `channel ${extra}${isUnread ? " unread" : ""}`,
    "aria-current": ch.id === view.channel ? "page" : null, dataset: { channel: ch.id } },
  el("span", { class: "channel-icon", "aria-hidden": "true" }, icon), el("span", { class: "channel-name" }, ch.name),
  isUnread ? el("span", { class: "unread-dot" }, el("span", { class: "sr-only" }, " (unread)")) : null);
  b.addEventListener("click", () => openChannel(ch.id));
  return b;
}

function renderChannels(view, rctx) {
  const text = view.channels.filter((c) => c.type === 0);
  const threads = view.channels.filter((c) => c.type === 11 || c.type === 12);
  const voice = view.channels.filter((c) => c.type === 2);
  const dms = view.channels.filter((c) => c.type === 1);
  const list = el("div", {},
    el("h2", { class: "category" }, "Text channels"),
    el("ul", { class: "channel-list" }, ...text.map((c) => el("li", {}, channelButton(view, c),
      ...threads.filter((t) => t.parent_id === c.id).map((t) => channelButton(view, t, "thread"))))),
    el("h2", { class: "category" }, "Voice channels"),
    el("ul", { class: "channel-list" }, ...voice.map((c) => el("li", {}, voiceChannel(view, c, rctx)))),
    el("h2", { class: "category" }, "Direct messages"),
    el("ul", { class: "channel-list" }, ...dms.map((c) => el("li", {}, channelButton(view, c, "dm")))));
  const holder = $("channel-list");
  const focused = holder.contains(document.activeElement) ? document.activeElement.dataset.channel || document.activeElement.dataset.voice : null;
  holder.replaceChildren(list);
  if (focused) holder.querySelector(`[data-channel="${focused}"], [data-voice="${focused}"]`)?.focus();
  $("events-button").textContent = `📅 Events (${view.events.length})`;
}

function voiceChannel(view, ch, rctx) {
  const inside = view.members.filter((m) => m.voice === ch.id);
  const mine = rctx.meMember?.voice === ch.id;
  const b = el("button", { type: "button", class: "channel voice" + (mine ? " connected" : ""), dataset: { voice: ch.id },
    "aria-label": `${mine ? "Leave" : "Join"} voice channel ${ch.name} (${inside.length} connected)` },
  el("span", { class: "channel-icon", "aria-hidden": "true" }, "🔊"), el("span", { class: "channel-name" }, ch.name));
  b.addEventListener("click", () => act("voice", { channel: mine ? null : ch.id }));
  return el("div", {}, b, inside.length ? el("ul", { class: "voice-members", "aria-label": `In ${ch.name}` },
    ...inside.map((m) => el("li", {}, avatar(m, "small"), m.name))) : null);
}

function renderHeader(view, rctx) {
  const ch = rctx.channelsById.get(view.channel);
  const icon = ch.type === 1 ? "@" : ch.type === 11 || ch.type === 12 ? "🧵" : "#";
  $("channel-title").replaceChildren(el("span", { class: "channel-icon", "aria-hidden": "true" }, icon), ch.name);
  $("channel-topic").textContent = ch.type === 1 ? "Your direct messages with the bot" : ch.topic || "";
  $("pins-button").textContent = `📌 ${view.pinned.length}`;
  $("pins-button").setAttribute("aria-label", `Pinned messages (${view.pinned.length})`);
  $("messages").setAttribute("aria-label", `Messages in ${channelLabel(ch)}`);
}

function renderClock(view, rctx) {
  const f = ctx.fmt();
  $("clock-now").textContent = formatDate(f.now, "n", f);
  $("clock-now").setAttribute("datetime", view.now);
  $("clock-now").title = `${formatDate(f.now, "F", f)} (${f.zone})`;
  $("clock-zone").textContent = f.zone;
  const next = $("advance-next");
  next.disabled = !view.next_due;
  next.title = view.next_due ? `Next scheduled: ${formatDate(new Date(view.next_due), "F", f)}` : "Nothing is scheduled";
  $("clock-next").textContent = view.next_due ? formatDate(new Date(view.next_due), "n", f) : "nothing scheduled";
  for (const id of ["advance-hour", "advance-day"]) $(id).hidden = !view.clock;
}

function roleNames(view, m) {
  return m.roles.map((id) => view.roles.find((r) => r.id === id)?.name).filter(Boolean).join(", ") || "no role";
}

function renderUser(view, rctx) {
  const me = rctx.meMember;
  const select = $("member-select");
  const options = view.members.filter((m) => !m.bot).map((m) =>
    el("option", { value: m.id, selected: m.id === me.id }, `${m.name} — ${roleNames(view, m)}${m.zone ? " · " + m.zone : ""}`));
  if (select.dataset.sig !== JSON.stringify([me.id, options.map((o) => o.textContent)])) {
    select.replaceChildren(...options);
    select.dataset.sig = JSON.stringify([me.id, options.map((o) => o.textContent)]);
  }
  $("me-avatar").replaceChildren(avatar(me));
  $("me-name").textContent = me.name;
  $("me-name").style.color = hex(me.color);
  $("me-detail").textContent = `${roleNames(view, me)} · ${view.me.zone}`;
  const lang = $("locale-select");
  if (lang.dataset.sig !== view.me.locale + view.locales.join()) {
    lang.replaceChildren(...view.locales.map((l) => el("option", { value: l, selected: l === view.me.locale }, l)));
    lang.dataset.sig = view.me.locale + view.locales.join();
  }
  const zone = $("zone-input");
  if (document.activeElement !== zone && zone.dataset.shown !== view.me.zone) {
    zone.value = zone.dataset.shown = view.me.zone;
  }
  const voice = rctx.channelsById.get(me.voice || "");
  $("voice-panel").hidden = !voice;
  $("voice-where").textContent = voice ? `Voice connected · ${voice.name}` : "";
}

function renderMembers(view, rctx) {
  // The server's own roles in the order they were set up (Chair first), apps' roles last.
  const groups = [...view.roles].filter((r) => r.id !== view.guild.id)
    .sort((a, b) => (a.managed - b.managed) || (a.position - b.position));
  const placed = new Set();
  const sections = [];
  for (const role of groups) {
    const people = view.members.filter((m) => !placed.has(m.id) && m.roles.includes(role.id));
    if (!people.length) continue;
    people.forEach((m) => placed.add(m.id));
    sections.push(memberSection(role.name, people, rctx));
  }
  const rest = view.members.filter((m) => !placed.has(m.id));
  if (rest.length) sections.push(memberSection("Online", rest, rctx));
  const holder = $("member-list");
  const focused = holder.contains(document.activeElement) ? document.activeElement.dataset.member : null;
  holder.replaceChildren(el("h2", { class: "sr-only" }, "Members"), ...sections);
  if (focused) holder.querySelector(`[data-member="${focused}"]`)?.focus();
}

function memberSection(title, people, rctx) {
  return el("section", { class: "member-group", "aria-label": `${title}, ${people.length}` },
    el("h3", { class: "category" }, `${title} — ${people.length}`),
    el("ul", {}, ...people.map((m) => {
      const b = el("button", { type: "button", class: "member" + (m.id === rctx.me ? " me" : ""), dataset: { member: m.id },
        "aria-label": `${m.name}${m.id === rctx.me ? " (you)" : ""}${m.zone ? ", " + m.zone : ""}` },
        avatar(m, "small"), el("span", { class: "member-name", style: m.color ? `color:${hex(m.color)}` : "" }, m.name),
        m.bot ? el("span", { class: "tag" }, "APP") : null);
      b.addEventListener("click", () => openProfile(m, ctx, switchMember));
      return el("li", {}, b);
    })));
}

// -- navigation -------------------------------------------------------------------------------------------
function openChannel(id) {
  state.channelId = id;
  state.switched = true;
  watch();
  $("composer-input").focus();
}

// A link to a message of this server (discord.com/channels/…) opens it here instead.
function jump(channelId, messageId) {
  const go = () => {
    const target = document.getElementById(`msg-${messageId}`);
    if (!target) return false;
    target.scrollIntoView({ block: "center" });
    target.classList.add("flash");
    target.setAttribute("tabindex", "-1");
    target.focus();
    setTimeout(() => target.classList.remove("flash"), 1500);
    return true;
  };
  if (channelId === state.channelId && go()) return;
  state.pendingJump = go;
  openChannel(channelId);
}

function switchMember(id) {
  state.memberId = id;
  history.replaceState(null, "", `?member=${encodeURIComponent(id)}`);
  state.switched = true;
  watch();
  toast(`You now act as ${state.view.members.find((m) => m.id === id)?.name || "another member"}.`, "info");
}

const composer = new Composer($("composer"), ctx);

$("member-select").addEventListener("change", (e) => switchMember(e.target.value));
$("locale-select").addEventListener("change", (e) => act("settings", { locale: e.target.value }));
$("zone-input").addEventListener("change", async (e) => {
  const res = await act("settings", { zone: e.target.value.trim() });
  if (!res.ok) e.target.value = state.view.me.zone;
});
if (typeof Intl.supportedValuesOf === "function") {
  $("zones").replaceChildren(...Intl.supportedValuesOf("timeZone").map((z) => el("option", { value: z })));
}
$("add-member").addEventListener("click", () => openJoin(ctx, (id) => switchMember(id)));
$("events-button").addEventListener("click", () => openEvents(ctx));
$("pins-button").addEventListener("click", () => {
  const rctx = renderContext(state.view);
  openPins(ctx, (m) => messageElement(m, false, rctx));
});
$("leave-voice").addEventListener("click", () => act("voice", { channel: null }));
for (const [id, step] of [["advance-hour", "hour"], ["advance-day", "day"], ["advance-next", "next"]]) {
  $(id).addEventListener("click", async () => {
    const buttons = document.querySelectorAll(".clock button");
    buttons.forEach((b) => { b.disabled = true; });
    $("clock").setAttribute("aria-busy", "true");
    const res = await act("time", { step });
    $("clock").removeAttribute("aria-busy");
    buttons.forEach((b) => { b.disabled = false; });
    render();
  });
}
document.querySelector(".skip-link").addEventListener("click", (e) => { e.preventDefault(); $("composer-input").focus(); });
$("welcome-close").addEventListener("click", () => { $("welcome").hidden = true; sessionStorage.setItem("convener.welcome", "closed"); });
$("welcome").hidden = sessionStorage.getItem("convener.welcome") === "closed";
connect();

// Dialogs and menus: the bot's forms (modals), adding a member, a message's context menu, events, pins.
import { el } from "./dom.js";
import { formatDate } from "./markdown.js";

let menuReturn = null;

function dialog(id) {
  const node = document.getElementById(id);
  node.replaceChildren();
  return node;
}

function closer(node, label = "Close") {
  const b = el("button", { type: "button", class: "dialog-close", "aria-label": label }, "×");
  b.addEventListener("click", () => node.close());
  return b;
}

// A modal the bot opened: text inputs (short or paragraph) and selects, submitted as MODAL_SUBMIT.
export function openModal(modal, ctx) {
  const node = dialog("modal");
  const titleId = "modal-title";
  node.setAttribute("aria-labelledby", titleId);
  const form = el("form", { method: "dialog", class: "modal-form" });
  const error = el("div", { class: "form-error", role: "alert" });
  form.append(el("header", { class: "dialog-head" }, el("h2", { id: titleId }, modal.title), closer(node, "Cancel")));
  modal.inputs.forEach((input, i) => {
    const id = `modal-field-${i}`;
    const hint = input.description ? el("div", { class: "field-hint", id: `${id}-hint` }, input.description) : null;
    const label = el("label", { for: id }, input.label || input.custom_id, input.required !== false && input.type === 4 ? el("span", { class: "req", "aria-hidden": "true" }, " *") : null);
    let control;
    if (input.type === 4) {
      const attrs = { id, name: input.custom_id, placeholder: input.placeholder || null, required: input.required !== false,
        minlength: input.min_length || null, maxlength: input.max_length || null, "aria-describedby": hint ? hint.id : null };
      control = input.style === 2 ? el("textarea", { ...attrs, rows: 6 }, input.value || "") : el("input", { ...attrs, type: "text", value: input.value || "" });
    } else {
      const multi = (input.max_values || 1) > 1;
      control = el("select", { id, name: input.custom_id, multiple: multi, required: (input.min_values ?? 1) > 0, "aria-describedby": hint ? hint.id : null },
        multi ? null : el("option", { value: "" }, input.placeholder || "Make a selection"),
        ...(input.options || []).map((o) => el("option", { value: o.value, selected: !!o.default }, o.label)));
    }
    control.dataset.kind = String(input.type);
    form.append(el("div", { class: "form-field" }, label, hint, control));
  });
  const cancel = el("button", { type: "button", class: "btn btn-link" }, "Cancel");
  cancel.addEventListener("click", () => node.close());
  const submit = el("button", { type: "submit", class: "btn btn-primary" }, "Submit");
  form.append(error, el("footer", { class: "dialog-foot" }, cancel, submit));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const values = {};
    for (const control of form.querySelectorAll("[name]")) {
      values[control.name] = control.dataset.kind === "4" ? control.value : [...control.selectedOptions].map((o) => o.value).filter(Boolean);
    }
    submit.disabled = true;
    const res = await ctx.act("submit", { modal: modal.id, values }, { quiet: true });
    submit.disabled = false;
    if (res && res.ok) node.close();
    else error.textContent = (res && res.error) || "The form could not be sent.";
  });
  node.append(form);
  node.showModal();
  form.querySelector("input, textarea, select")?.focus();
}

// "Add a member": a new person joins the server with chosen roles, time zone and language.
export function openJoin(ctx, onJoined) {
  const node = dialog("join-dialog");
  node.setAttribute("aria-labelledby", "join-title");
  const view = ctx.view();
  const roles = view.roles.filter((r) => !r.managed && r.id !== view.guild.id);
  const error = el("div", { class: "form-error", role: "alert" });
  const form = el("form", { class: "modal-form" },
    el("header", { class: "dialog-head" }, el("h2", { id: "join-title" }, "Add a member"), closer(node)),
    el("div", { class: "form-field" }, el("label", { for: "join-name" }, "Display name"),
      el("input", { id: "join-name", name: "name", required: true, minlength: 2, maxlength: 32, autocomplete: "off" })),
    el("fieldset", { class: "form-field roles-field" }, el("legend", {}, "Roles"),
      ...roles.map((r) => el("label", { class: "check" }, el("input", { type: "checkbox", name: "roles", value: r.name, checked: r.name === "Member" }), r.name))),
    el("div", { class: "form-field" }, el("label", { for: "join-zone" }, "Time zone"),
      el("input", { id: "join-zone", name: "zone", list: "zones", value: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", required: true })),
    el("div", { class: "form-field" }, el("label", { for: "join-locale" }, "Discord language"),
      el("select", { id: "join-locale", name: "locale" }, ...view.locales.map((l) => el("option", { value: l }, l)))),
    error);
  const submit = el("button", { type: "submit", class: "btn btn-primary" }, "Join the server");
  const cancel = el("button", { type: "button", class: "btn btn-link" }, "Cancel");
  cancel.addEventListener("click", () => node.close());
  form.append(el("footer", { class: "dialog-foot" }, cancel, submit));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const res = await ctx.act("join", { name: data.get("name"), roles: data.getAll("roles"), zone: data.get("zone"), locale: data.get("locale") }, { quiet: true });
    if (res && res.ok) { node.close(); onJoined(res.member); } else error.textContent = (res && res.error) || "Could not add the member.";
  });
  node.append(form);
  node.showModal();
  form.querySelector("#join-name").focus();
}

// A message's menu (the ⋯ button or a right-click): Apps → message commands, and copying its text.
export function openMessageMenu(anchor, msg, ctx) {
  closeMenu();
  const menu = document.getElementById("menu");
  const apps = ctx.commands().filter((c) => c.type === 3);
  const items = [];
  for (const app of apps) {
    const name = (app.name_localizations || {})[ctx.locale()] || app.name;
    items.push(["Apps › " + name, () => ctx.act("app-command", { message: msg.id, name: app.name })]);
  }
  if (msg.content) items.push(["Copy text", () => navigator.clipboard?.writeText(msg.content)]);
  items.push(["Copy message ID", () => navigator.clipboard?.writeText(msg.id)]);
  menu.replaceChildren(...items.map(([label, run]) => {
    const b = el("button", { type: "button", role: "menuitem", class: "menu-item", tabindex: "-1" }, label);
    b.addEventListener("click", () => { closeMenu(); run(); });
    return b;
  }));
  menu.setAttribute("aria-label", `Message by ${msg.author_name}`);
  const r = anchor.getBoundingClientRect();
  menu.style.top = `${Math.min(r.bottom + 4, window.innerHeight - 40 * items.length - 10)}px`;
  menu.style.left = `${Math.max(8, r.right - 240)}px`;
  menu.hidden = false;
  menuReturn = anchor;
  menu.querySelector("[role=menuitem]").focus();
}

export function closeMenu() {
  const menu = document.getElementById("menu");
  if (menu.hidden) return;
  menu.hidden = true;
  if (menuReturn && menuReturn.isConnected) menuReturn.focus();
  menuReturn = null;
}

document.addEventListener("keydown", (e) => {
  const menu = document.getElementById("menu");
  if (!menu || menu.hidden || !menu.contains(document.activeElement)) return;
  const items = [...menu.querySelectorAll("[role=menuitem]")];
  const i = items.indexOf(document.activeElement);
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    items[(i + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length].focus();
  } else if (e.key === "Escape" || e.key === "Tab") {
    e.preventDefault();
    closeMenu();
  }
});
document.addEventListener("mousedown", (e) => {
  const menu = document.getElementById("menu");
  if (menu && !menu.hidden && !menu.contains(e.target)) closeMenu();
});

const EVENT_STATUS = { 1: "Scheduled", 2: "Live now", 3: "Ended", 4: "Cancelled" };

export function openEvents(ctx) {
  const node = dialog("side-dialog");
  node.setAttribute("aria-labelledby", "events-title");
  const events = [...ctx.view().events].sort((a, b) => a.scheduled_start_time.localeCompare(b.scheduled_start_time));
  const list = el("ul", { class: "event-list" }, ...events.map((ev) => el("li", { class: "event" },
    el("div", { class: "event-when" }, formatDate(new Date(ev.scheduled_start_time), "F", ctx.fmt()),
      ev.scheduled_end_time ? ` – ${formatDate(new Date(ev.scheduled_end_time), "t", ctx.fmt())}` : ""),
    el("div", { class: "event-name" }, ev.name),
    el("div", { class: "event-meta" }, `${EVENT_STATUS[ev.status] || "Scheduled"}${ev.entity_metadata?.location ? " · " + ev.entity_metadata.location : ""}`),
    ev.description ? el("div", { class: "event-desc" }, ev.description) : null)));
  node.append(el("header", { class: "dialog-head" }, el("h2", { id: "events-title" }, `Events (${events.length})`), closer(node)),
    events.length ? list : el("p", {}, "No events yet: a chair creates one with /poll finalize or /meeting schedule."));
  node.showModal();
}

export function openPins(ctx, render) {
  const node = dialog("side-dialog");
  node.setAttribute("aria-labelledby", "pins-title");
  const pinned = ctx.view().pinned;
  node.append(el("header", { class: "dialog-head" }, el("h2", { id: "pins-title" }, "Pinned messages"), closer(node)),
    pinned.length ? el("div", { class: "pins" }, ...pinned.map((m) => render(m))) : el("p", {}, "This channel has no pinned messages yet."));
  node.showModal();
}

export function openProfile(member, ctx, actAs) {
  const node = dialog("side-dialog");
  node.setAttribute("aria-labelledby", "profile-title");
  const view = ctx.view();
  const roles = member.roles.map((id) => view.roles.find((r) => r.id === id)).filter(Boolean);
  const fmt = { ...ctx.fmt(), zone: member.zone || "UTC" };
  const act = el("button", { type: "button", class: "btn btn-primary" }, `Act as ${member.name}`);
  act.addEventListener("click", () => { node.close(); actAs(member.id); });
  node.append(el("header", { class: "dialog-head" }, el("h2", { id: "profile-title" }, member.name), closer(node)),
    el("p", { class: "muted" }, "@" + member.username),
    el("p", {}, roles.length ? "Roles: " + roles.map((r) => r.name).join(", ") : "No roles"),
    member.zone ? el("p", {}, `Time zone: ${member.zone} — local time ${formatDate(fmt.now, "t", fmt)}`) : null,
    member.bot ? null : el("footer", { class: "dialog-foot" }, act));
  node.showModal();
}

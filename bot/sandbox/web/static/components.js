// Message components: buttons and select menus, as Discord draws them; every use is an interaction.
import { el } from "./dom.js";
import { inline } from "./markdown.js";

const BUTTON_STYLES = { 1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "link", 6: "premium" };

function emoji(e) {
  if (!e) return null;
  return el("span", { class: "btn-emoji", "aria-hidden": "true" }, e.id ? `:${e.name}:` : e.name);
}

function button(comp, msg, ctx) {
  const style = BUTTON_STYLES[comp.style] || "secondary";
  const label = comp.label || (comp.emoji ? comp.emoji.name : "");
  if (comp.style === 5) {
    return el("a", { class: `btn btn-${style}`, href: comp.url, target: "_blank", rel: "noopener noreferrer",
      "aria-disabled": comp.disabled ? "true" : null }, emoji(comp.emoji), comp.label || "", " ↗");
  }
  const node = el("button", { type: "button", class: `btn btn-${style}`, disabled: !!comp.disabled,
    "aria-label": comp.label ? null : label, dataset: { focusKey: `${msg.id}:${comp.custom_id}` } },
  emoji(comp.emoji), comp.label ? el("span", {}, comp.label) : null);
  node.addEventListener("click", async () => {
    node.disabled = true;
    node.setAttribute("aria-busy", "true");
    try {
      await ctx.act("click", { message: msg.id, custom_id: comp.custom_id });
    } finally {
      if (node.isConnected) { node.disabled = !!comp.disabled; node.removeAttribute("aria-busy"); }
    }
  });
  return node;
}

// The options a select offers: its own (string select) or the server's members, roles or channels.
function selectOptions(comp, ctx) {
  const defaults = new Set((comp.default_values || []).map((d) => String(d.id)));
  const members = () => ctx.view.members.filter((m) => !m.bot).map((m) => ({ value: m.id, label: m.name, default: defaults.has(m.id) }));
  const roles = () => ctx.view.roles.filter((r) => !r.managed && r.id !== ctx.view.guild.id)
    .map((r) => ({ value: r.id, label: "@" + r.name, default: defaults.has(r.id) }));
  switch (comp.type) {
    case 3: return (comp.options || []).map((o) => ({ value: o.value, label: o.label, description: o.description, emoji: o.emoji, default: !!o.default }));
    case 5: return members();
    case 6: return roles();
    case 7: return [...members(), ...roles()];
    case 8: return ctx.view.channels.filter((c) => c.type !== 1 && (!comp.channel_types || comp.channel_types.includes(c.type)))
      .map((c) => ({ value: c.id, label: (c.type === 2 ? "🔊 " : "# ") + c.name, default: defaults.has(c.id) }));
  }
  return [];
}

let openSelect = null;

export function closeOpenSelect(submit = true) {
  if (openSelect) openSelect(submit);
}

function select(comp, msg, ctx) {
  const options = selectOptions(comp, ctx);
  const min = comp.min_values ?? 1;
  const max = comp.max_values ?? 1;
  const multi = max > 1;
  const chosen = options.filter((o) => o.default);
  const id = `sel-${msg.id}-${comp.custom_id}`.replace(/[^\w-]/g, "_");
  const shown = chosen.length ? chosen.map((o) => o.label).join(", ") : comp.placeholder || "Make a selection";
  // The visible text is the selection (as in Discord); the name a screen reader says also tells what it is for.
  const name = chosen.length ? `${comp.placeholder || "Selection"}: ${shown}` : shown;
  const toggle = el("button", { type: "button", class: "select-toggle", disabled: !!comp.disabled,
    "aria-haspopup": "true", "aria-expanded": "false", "aria-controls": id, "aria-label": name,
    dataset: { focusKey: `${msg.id}:${comp.custom_id}` } },
  el("span", { class: chosen.length ? "select-value" : "select-placeholder" }, shown), el("span", { class: "chevron", "aria-hidden": "true" }, "▾"));
  const wrap = el("div", { class: "select" }, toggle);
  const upTo = Math.min(max, options.length);
  const hint = !multi ? "Pick one" : min === 0 ? `Pick up to ${upTo}` : min === upTo ? `Pick ${upTo}` : `Pick ${min} to ${upTo}`;
  let menu = null;

  const submit = async (values) => {
    await ctx.act("select", { message: msg.id, custom_id: comp.custom_id, values });
  };
  const close = async (send) => {
    if (!menu) return;
    const values = [...menu.querySelectorAll("input:checked")].map((i) => i.value);
    const before = chosen.map((o) => o.value);
    menu.remove();
    menu = null;
    openSelect = null;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
    const changed = values.length !== before.length || values.some((v) => !before.includes(v));
    if (send && multi && changed && values.length >= min) await submit(values);
  };
  const open = () => {
    closeOpenSelect();
    const name = id + "-opt";
    const items = options.map((o, i) => el("label", { class: "select-option" },
      el("input", { type: multi ? "checkbox" : "radio", name, value: o.value, checked: !!o.default }),
      o.emoji ? emoji(o.emoji) : null,
      el("span", { class: "opt-text" }, el("span", { class: "opt-label" }, o.label),
        o.description ? el("span", { class: "opt-desc" }, o.description) : null)));
    menu = el("fieldset", { class: "select-menu", id },
      el("legend", { class: "sr-only" }, `${comp.placeholder || "Options"}: ${hint}`), ...items);
    if (multi) {
      const done = el("button", { type: "button", class: "btn btn-primary select-done" }, "Done");
      done.addEventListener("click", () => close(true));
      menu.append(el("div", { class: "select-foot" }, el("span", { class: "opt-desc" }, hint), done));
      menu.addEventListener("change", () => {
        const boxes = [...menu.querySelectorAll("input")];
        const count = boxes.filter((b) => b.checked).length;
        boxes.forEach((b) => { b.disabled = !b.checked && count >= max; });
      });
    } else {
      menu.addEventListener("change", async (e) => {
        const value = e.target.value;
        await close(false);
        await submit([value]);
      });
    }
    menu.addEventListener("keydown", (e) => {
      if (e.key === "Escape") { e.preventDefault(); close(multi); }
    });
    wrap.append(menu);
    // Open upwards when the message list has no room below, as Discord does near the message bar.
    const list = wrap.closest(".messages");
    if (list && toggle.getBoundingClientRect().bottom + menu.offsetHeight > list.getBoundingClientRect().bottom) {
      menu.classList.add("up");
    }
    toggle.setAttribute("aria-expanded", "true");
    openSelect = close;
    (menu.querySelector("input:checked") || menu.querySelector("input"))?.focus();
  };
  toggle.addEventListener("click", () => (menu ? close(true) : open()));
  return wrap;
}

export function components(list, msg, ctx) {
  const out = [];
  for (const comp of list || []) {
    if (comp.type === 1) {
      out.push(el("div", { class: "comp-row" }, ...components(comp.components, msg, ctx)));
    } else if (comp.type === 2) {
      out.push(button(comp, msg, ctx));
    } else if ([3, 5, 6, 7, 8].includes(comp.type)) {
      out.push(select(comp, msg, ctx));
    } else if (comp.type === 10) {
      out.push(el("div", { class: "md-p" }, inline(comp.content || "", ctx)));
    } else if (comp.type === 14) {
      out.push(el("hr", { class: "comp-sep" }));
    } else if (comp.components || comp.items) {
      out.push(el("div", { class: "comp-container" }, ...components(comp.components || comp.items, msg, ctx)));
    }
  }
  return out;
}

document.addEventListener("mousedown", (e) => {
  if (openSelect && !e.target.closest(".select")) closeOpenSelect(true);
});

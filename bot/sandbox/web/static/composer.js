// The message bar: plain messages, or "/" for a slash command with its options, hints and live autocomplete.
import { el } from "./dom.js";

const SUB = 1, GROUP = 2, STRING = 3, INTEGER = 4, BOOLEAN = 5, USER = 6, CHANNEL = 7, ROLE = 8, MENTIONABLE = 9, NUMBER = 10, ATTACHMENT = 11;

function local(thing, key, locale) {
  return (thing[`${key}_localizations`] || {})[locale] || thing[key];
}

// Every runnable command path ("poll create") with the option declarations of its leaf.
export function leaves(commands, locale) {
  const out = [];
  for (const cmd of commands) {
    if ((cmd.type || 1) !== 1) continue;
    const walk = (node, path, shown) => {
      const subs = (node.options || []).filter((o) => o.type === SUB || o.type === GROUP);
      if (!subs.length) {
        out.push({ path: path.join(" "), shown: shown.join(" "), description: local(node, "description", locale), options: node.options || [] });
        return;
      }
      for (const s of subs) walk(s, [...path, s.name], [...shown, local(s, "name", locale)]);
    };
    walk(cmd, [cmd.name], [local(cmd, "name", locale)]);
  }
  return out.sort((a, b) => a.shown.localeCompare(b.shown));
}

export class Composer {
  constructor(root, ctx) {
    this.ctx = ctx;
    this.root = root;
    this.input = root.querySelector("#composer-input");
    this.list = root.querySelector("#command-list");
    this.fields = root.querySelector("#command-fields");
    this.hint = root.querySelector("#option-hint");
    this.command = null;
    this.active = -1;
    this.matches = [];
    this.input.addEventListener("input", () => this.onInput());
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    this.input.addEventListener("blur", () => setTimeout(() => { if (!this.root.contains(document.activeElement)) this.closeList(); }, 150));
    root.addEventListener("submit", (e) => { e.preventDefault(); this.send(); });
  }

  setPlaceholder(text) { this.input.placeholder = text; }

  // -- the command picker (a combobox over the input) ------------------------------------------------
  onInput() {
    if (this.command) return;
    const text = this.input.value;
    if (!text.startsWith("/")) return this.closeList();
    const words = text.slice(1).toLowerCase().trim();
    const all = leaves(this.ctx.commands(), this.ctx.locale());
    this.matches = all.filter((c) => !words || c.shown.toLowerCase().startsWith(words) || c.path.startsWith(words) ||
      c.shown.toLowerCase().includes(words)).slice(0, 25);
    this.active = this.matches.length ? 0 : -1;
    this.showList();
  }

  showList() {
    this.list.replaceChildren(...this.matches.map((c, i) => {
      const opt = el("li", { role: "option", id: `cmd-opt-${i}`, class: "command-option", "aria-selected": i === this.active ? "true" : "false" },
        el("span", { class: "cmd-name" }, "/" + c.shown),
        el("span", { class: "cmd-desc" }, c.description));
      opt.addEventListener("mousedown", (e) => { e.preventDefault(); this.pick(c); });
      return opt;
    }));
    if (!this.matches.length) {
      this.list.append(el("li", { class: "command-empty" }, this.ctx.commands().length
        ? "No command matches." : "The server's commands work in its channels, not in direct messages."));
    }
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.input.setAttribute("aria-activedescendant", this.active >= 0 ? `cmd-opt-${this.active}` : "");
    this.list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: "nearest" });
  }

  closeList() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  onKey(e) {
    if (!this.list.hidden && this.matches.length) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const n = this.matches.length;
        this.active = (this.active + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
        return this.showList();
      }
      if ((e.key === "Enter" || e.key === "Tab") && this.active >= 0) {
        e.preventDefault();
        return this.pick(this.matches[this.active]);
      }
    }
    if (e.key === "Escape") {
      if (!this.list.hidden) { e.preventDefault(); this.closeList(); }
      else if (this.command) { e.preventDefault(); this.reset(); }
    }
  }

  // -- the chosen command's options ----------------------------------------------------------------
  pick(command) {
    this.closeList();
    this.command = command;
    this.input.value = "";
    this.input.hidden = true;
    this.root.classList.add("with-command");
    const chip = el("span", { class: "command-chip" }, "/" + command.shown);
    const cancel = el("button", { type: "button", class: "chip-close", "aria-label": `Cancel /${command.shown}` }, "×");
    cancel.addEventListener("click", () => this.reset());
    const required = command.options.filter((o) => o.required);
    const optional = command.options.filter((o) => !o.required);
    const row = el("div", { class: "field-row" }, el("span", { class: "chip-wrap" }, chip, cancel));
    for (const o of required) row.append(this.field(o));
    const extras = el("div", { class: "optional-hints", role: "group", "aria-label": "Optional options" });
    if (optional.length) extras.append(el("span", { class: "hint-title" }, "Optional:"));
    for (const o of optional) {
      const add = el("button", { type: "button", class: "hint-chip", title: local(o, "description", this.ctx.locale()) }, local(o, "name", this.ctx.locale()));
      add.addEventListener("click", () => {
        const f = this.field(o, () => { extras.append(add); add.focus(); });
        row.append(f);
        add.remove();
        f.querySelector("input, select, textarea")?.focus();
      });
      extras.append(add);
    }
    this.fields.replaceChildren(row, extras);
    this.fields.hidden = false;
    const first = this.fields.querySelector(".opt-field input, .opt-field select");
    if (first) first.focus(); else this.fields.querySelector(".chip-close").focus();
    this.hint.textContent = command.options.length ? `/${command.shown}: ${command.description}` : `/${command.shown}: ${command.description} — press Enter to send.`;
  }

  reset() {
    this.command = null;
    this.fields.replaceChildren();
    this.fields.hidden = true;
    this.input.hidden = false;
    this.input.value = "";
    this.hint.textContent = "";
    this.root.classList.remove("with-command");
    this.input.focus();
  }

  field(o, onRemove = null) {
    const locale = this.ctx.locale();
    const id = `opt-${o.name}`;
    const name = local(o, "name", locale);
    const desc = local(o, "description", locale);
    const label = el("label", { for: id, class: "opt-label" }, name);
    let control;
    const choices = o.choices || [];
    if (choices.length || o.type === BOOLEAN) {
      const opts = o.type === BOOLEAN ? [{ name: "True", value: "true" }, { name: "False", value: "false" }] : choices;
      control = el("select", { id }, el("option", { value: "" }, "—"), ...opts.map((c) => el("option", { value: String(c.value) }, local(c, "name", locale))));
    } else if ([USER, ROLE, CHANNEL, MENTIONABLE].includes(o.type)) {
      control = el("select", { id }, el("option", { value: "" }, "—"), ...this.entityOptions(o));
    } else if (o.type === ATTACHMENT) {
      control = el("input", { id, type: "file" });
    } else {
      control = el("input", { id, type: "text", autocomplete: "off", inputmode: o.type === INTEGER || o.type === NUMBER ? "decimal" : null,
        maxlength: o.max_length || null });
      if (o.autocomplete) this.autocomplete(control, o);
    }
    control.dataset.option = o.name;
    control.setAttribute("aria-describedby", "option-hint");
    if (o.required) control.setAttribute("aria-required", "true");
    control.addEventListener("focus", () => { this.hint.textContent = `${name}${o.required ? "" : " (optional)"}: ${desc}`; });
    control.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !(control._popup && !control._popup.hidden)) { e.preventDefault(); this.reset(); }
    });
    const remove = o.required ? null : el("button", { type: "button", class: "chip-close", "aria-label": `Remove option ${name}` }, "×");
    const wrap = el("span", { class: "opt-field" + (o.required ? " required" : "") }, label, control, remove);
    remove?.addEventListener("click", () => { wrap.remove(); onRemove?.(); });
    return wrap;
  }

  entityOptions(o) {
    const view = this.ctx.view();
    const members = () => view.members.filter((m) => !m.bot).map((m) => el("option", { value: m.id }, m.name));
    const roles = () => view.roles.filter((r) => !r.managed).map((r) => el("option", { value: r.id }, "@" + r.name));
    if (o.type === USER) return members();
    if (o.type === ROLE) return roles();
    if (o.type === MENTIONABLE) return [...members(), ...roles()];
    return view.channels.filter((c) => c.type !== 1 && (!o.channel_types || o.channel_types.includes(c.type)))
      .map((c) => el("option", { value: c.id }, (c.type === 2 ? "🔊 " : "#") + c.name));
  }

  // -- live autocomplete from the bot ----------------------------------------------------------------
  autocomplete(input, o) {
    const popup = el("ul", { role: "listbox", class: "autocomplete", id: `ac-${o.name}`, hidden: true, "aria-label": `Suggestions for ${o.name}` });
    input._popup = popup;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", popup.id);
    input.setAttribute("aria-expanded", "false");
    let choices = [];
    let active = -1;
    let seq = 0;
    const render = () => {
      popup.replaceChildren(...choices.map((c, i) => {
        const li = el("li", { role: "option", id: `ac-${o.name}-${i}`, "aria-selected": i === active ? "true" : "false", class: "ac-option" }, c.name);
        li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(c); });
        return li;
      }));
      if (!choices.length) popup.append(el("li", { class: "ac-empty" }, "No suggestions."));
      popup.hidden = false;
      input.setAttribute("aria-expanded", "true");
      input.setAttribute("aria-activedescendant", active >= 0 ? `ac-${o.name}-${active}` : "");
    };
    const close = () => { popup.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); };
    const choose = (c) => { input.value = c.name; input.dataset.value = JSON.stringify(c.value); close(); };
    let timer = null;
    const fetchChoices = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++seq;
        const res = await this.ctx.act("autocomplete", { command: this.command.path, option: o.name, value: input.value, options: this.values(false) }, { quiet: true });
        if (mine !== seq || !res || !res.ok || document.activeElement !== input) return;
        choices = res.choices || [];
        active = choices.length ? 0 : -1;
        render();
      }, 120);
    };
    input.addEventListener("input", () => { delete input.dataset.value; fetchChoices(); });
    input.addEventListener("focus", fetchChoices);
    input.addEventListener("blur", () => setTimeout(close, 150));
    input.addEventListener("keydown", (e) => {
      if (popup.hidden || !choices.length) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length;
        render();
      } else if ((e.key === "Enter" || e.key === "Tab") && active >= 0) {
        e.preventDefault();
        choose(choices[active]);
      } else if (e.key === "Escape") {
        e.preventDefault();
        close();
      }
    });
    queueMicrotask(() => input.parentElement.append(popup));
  }

  values(withFiles) {
    const out = {};
    for (const control of this.fields.querySelectorAll("[data-option]")) {
      if (control.type === "file") { if (withFiles && control.files[0]) out[control.dataset.option] = control.files[0]; continue; }
      if (control.dataset.value !== undefined) out[control.dataset.option] = JSON.parse(control.dataset.value);
      else if (control.value !== "") out[control.dataset.option] = control.value;
    }
    return out;
  }

  async send() {
    if (!this.command) {
      const text = this.input.value.trim();
      if (!text) return;
      if (text.startsWith("/")) { this.onInput(); return; }
      const res = await this.ctx.act("say", { text });
      if (res && res.ok) this.input.value = "";
      return;
    }
    const missing = [...this.fields.querySelectorAll(".opt-field.required [data-option]")].find((c) => c.value === "" && c.type !== "file" || c.type === "file" && !c.files.length);
    if (missing) {
      missing.focus();
      this.ctx.toast(`Fill in “${missing.dataset.option}” first.`);
      return;
    }
    const options = this.values(true);
    for (const [key, value] of Object.entries(options)) {
      if (value instanceof File) options[key] = { filename: value.name, content_type: value.type || null, data: await base64(value) };
    }
    const command = this.command;
    const res = await this.ctx.act("slash", { command: command.path, options });
    if (res && res.ok) this.reset();
  }
}

async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

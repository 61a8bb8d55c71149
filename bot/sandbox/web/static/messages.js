// Messages as Discord draws them: author line, Markdown, embeds, attachments, components, reactions.
import { components } from "./components.js";
import { avatar, el, focusKeyOf, formatBytes, hex } from "./dom.js";
import { formatDate, inline, markdown } from "./markdown.js";

const GROUP_MS = 7 * 60 * 1000;

export function messageTime(iso, ctx) {
  const date = new Date(iso);
  const day = (d) => formatDate(d, "d", ctx);
  const clock = formatDate(date, "t", ctx);
  if (day(date) === day(ctx.now)) return `Today at ${clock}`;
  if (day(date) === day(new Date(ctx.now - 86400000))) return `Yesterday at ${clock}`;
  return `${formatDate(date, "s", ctx)}`;
}

function imageUrl(url, msg) {
  if (url && url.startsWith("attachment://")) {
    const name = url.slice("attachment://".length);
    const att = msg.attachments.find((a) => a.filename === name);
    return att ? att.url : null;
  }
  return url;
}

function embed(e, msg, ctx) {
  const box = el("div", { class: "embed", style: e.color != null ? `border-left-color:${hex(e.color) || "#1e1f22"}` : "" });
  const body = el("div", { class: "embed-body" });
  if (e.author?.name) body.append(el("div", { class: "embed-author" }, e.author.name));
  if (e.title) {
    const title = e.url ? el("a", { href: e.url, target: "_blank", rel: "noopener noreferrer" }, inline(e.title, ctx)) : inline(e.title, ctx);
    body.append(el("div", { class: "embed-title", role: "heading", "aria-level": "4" }, title));
  }
  if (e.description) body.append(el("div", { class: "embed-desc" }, markdown(e.description, ctx)));
  if (e.fields?.length) {
    const grid = el("div", { class: "embed-fields" });
    for (const f of e.fields) {
      grid.append(el("div", { class: "embed-field" + (f.inline ? " inline" : "") },
        el("div", { class: "embed-field-name" }, inline(f.name || "", ctx)),
        el("div", { class: "embed-field-value" }, markdown(f.value || "", ctx))));
    }
    body.append(grid);
  }
  const image = imageUrl(e.image?.url, msg);
  if (image) body.append(el("img", { class: "embed-image", src: image, alt: e.title ? `Image: ${e.title}` : "Embedded image", loading: "lazy" }));
  const foot = [];
  if (e.footer?.text) foot.push(e.footer.text);
  if (e.timestamp) foot.push(messageTime(e.timestamp, ctx));
  if (foot.length) body.append(el("div", { class: "embed-footer" }, foot.join(" • ")));
  box.append(body);
  const thumb = imageUrl(e.thumbnail?.url, msg);
  if (thumb) box.append(el("img", { class: "embed-thumb", src: thumb, alt: "", loading: "lazy" }));
  return box;
}

// Images the embeds already show are not listed again, as in Discord.
function attachments(msg) {
  const inEmbeds = new Set(msg.embeds.flatMap((e) => [e.image?.url, e.thumbnail?.url]).filter(Boolean));
  const out = [];
  for (const a of msg.attachments) {
    if (inEmbeds.has(`attachment://${a.filename}`)) continue;
    const isImage = (a.content_type || "").startsWith("image/");
    if (isImage) {
      out.push(el("figure", { class: "attachment-image" },
        el("a", { href: a.url, target: "_blank", rel: "noopener noreferrer", "aria-label": `Open ${a.filename} full size` },
          el("img", { src: a.url, alt: a.description || a.filename, loading: "lazy" })),
        el("figcaption", {}, el("a", { href: a.url, download: a.filename }, `Download ${a.filename}`))));
    } else {
      out.push(el("div", { class: "attachment-file" },
        el("span", { class: "file-icon", "aria-hidden": "true" }, "📄"),
        el("div", {}, el("a", { href: a.url, download: a.filename }, a.filename),
          el("div", { class: "file-size" }, formatBytes(a.size)))));
    }
  }
  return out;
}

function mentionsMe(msg, ctx) {
  if (msg.mention_everyone) return true;
  if ((msg.mentions || []).some((u) => u.id === ctx.me)) return true;
  const mine = new Set(ctx.meMember?.roles || []);
  return (msg.mention_roles || []).some((r) => mine.has(r));
}

export function messageElement(msg, compact, ctx) {
  const author = ctx.membersById.get(msg.author.id) || { id: msg.author.id, name: msg.author_name, bot: !!msg.author.bot };
  const head = el("div", { class: "msg-head" },
    el("span", { class: "author", style: msg.author_color ? `color:${hex(msg.author_color)}` : "" }, msg.author_name),
    msg.author.bot ? el("span", { class: "tag", title: "Verified app" }, "APP") : null,
    el("time", { class: "msg-time", datetime: msg.timestamp, title: formatDate(new Date(msg.timestamp), "F", ctx) },
      messageTime(msg.timestamp, ctx)),
    msg.edited_timestamp && msg.content ? el("span", { class: "edited" }, "(edited)") : null,
    msg.pinned ? el("span", { class: "pin-mark", title: "Pinned" }, "📌 pinned") : null);
  const body = el("div", { class: "msg-body" });
  if (!compact) body.append(head);
  if (msg.loading) {
    body.append(el("div", { class: "thinking" }, `${msg.author_name} is thinking…`));
  }
  if (msg.content) body.append(el("div", { class: "msg-content" }, markdown(msg.content, ctx)));
  for (const e of msg.embeds) body.append(embed(e, msg, ctx));
  body.append(...attachments(msg));
  if (msg.components?.length) body.append(el("div", { class: "components" }, ...components(msg.components, msg, ctx)));
  if (msg.reactions?.length) {
    body.append(el("div", { class: "reactions" }, ...msg.reactions.map((r) =>
      el("span", { class: "reaction", title: `${r.count} reaction(s)` }, `${r.emoji.name} ${r.count}`))));
  }
  if (msg.ephemeral) {
    const dismiss = el("button", { type: "button", class: "link-button" }, "Dismiss message");
    dismiss.addEventListener("click", () => ctx.dismiss(msg.id));
    body.append(el("div", { class: "ephemeral-note" }, el("span", { "aria-hidden": "true" }, "👁 "),
      "Only you can see this • ", dismiss));
  }
  const more = el("button", { type: "button", class: "msg-more", "aria-haspopup": "menu",
    "aria-label": `More actions for the message by ${msg.author_name}`, dataset: { focusKey: `${msg.id}:more` } }, "⋯");
  more.addEventListener("click", () => ctx.openMessageMenu(more, msg));
  const classes = ["msg"];
  if (compact) classes.push("compact");
  if (msg.ephemeral) classes.push("ephemeral");
  if (mentionsMe(msg, ctx)) classes.push("mentioned");
  const node = el("article", { class: classes.join(" "), id: `msg-${msg.id}`, "aria-label": `${msg.author_name}, ${messageTime(msg.timestamp, ctx)}`,
    dataset: { id: msg.id } });
  if (msg.used) {
    const user = msg.interaction_metadata?.user;
    const who = user ? (ctx.membersById.get(user.id)?.name || user.global_name || user.username) : "Someone";
    node.append(el("div", { class: "used" }, el("span", { "aria-hidden": "true" }, "↱ "), `${who} used `,
      el("span", { class: "used-command" }, msg.used)));
  }
  node.append(el("div", { class: "msg-row" }, compact ? el("div", { class: "avatar-space" }) : avatar(author), body, more));
  node.addEventListener("contextmenu", (e) => {
    if (e.target.closest("a, button, input, select, textarea")) return;
    e.preventDefault();
    ctx.openMessageMenu(more, msg);
  });
  return node;
}

function isCompact(msg, prev) {
  return !!prev && !msg.used && !prev.ephemeral && !msg.ephemeral && prev.author.id === msg.author.id &&
    new Date(msg.timestamp) - new Date(prev.timestamp) < GROUP_MS;
}

// Follow the newest message while the reader is at the bottom, also when an image arrives after the text.
function stickToBottom(container) {
  if (container.dataset.sticky) return;
  container.dataset.sticky = "yes";
  const near = () => container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  container.addEventListener("scroll", () => { container.dataset.sticky = near() ? "yes" : "no"; });
  container.addEventListener("load", () => {
    if (container.dataset.sticky === "yes") container.scrollTop = container.scrollHeight;
  }, true);
}

// Keyed update: unchanged messages keep their DOM node (and the keyboard focus inside them).
export function renderMessages(container, messages, ctx) {
  stickToBottom(container);
  const existing = new Map([...container.querySelectorAll(":scope > .msg")].map((n) => [n.dataset.id, n]));
  const active = document.activeElement;
  const activeKey = container.contains(active) ? focusKeyOf(active) : null;
  const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  const wanted = [];
  let prev = null;
  for (const msg of messages) {
    const compact = isCompact(msg, prev);
    const sig = `${ctx.renderKey}|${compact}|${JSON.stringify(msg)}`;
    let node = existing.get(msg.id);
    if (!node || node.dataset.sig !== sig) {
      node = messageElement(msg, compact, ctx);
      node.dataset.sig = sig;
    }
    wanted.push(node);
    prev = msg;
  }
  const intro = container.querySelector(":scope > .channel-intro");
  const offset = intro ? 1 : 0;
  wanted.forEach((node, i) => {
    const at = container.children[i + offset];
    if (at !== node) container.insertBefore(node, at || null);
  });
  while (container.children.length > wanted.length + offset) container.lastChild.remove();
  if (activeKey && !container.contains(active)) {
    const again = container.querySelector(`[data-focus-key="${CSS.escape(activeKey)}"]`);
    if (again) again.focus();
  }
  if (nearBottom || ctx.scrollToEnd) {
    container.scrollTop = container.scrollHeight;
    container.dataset.sticky = "yes";
  }
}

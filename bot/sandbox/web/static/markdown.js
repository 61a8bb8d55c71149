// Discord's message Markdown, built as DOM nodes (never innerHTML: message text is untrusted).
import { el } from "./dom.js";

const INLINE = [
  ["escape", /\\([\\`*_~|<>#[\]()\-.:@!+=])/],
  ["code", /``([^`]|`[^`])+``|`([^`]+)`/],
  ["bold", /\*\*([\s\S]+?)\*\*(?!\*)/],
  ["underline", /__([\s\S]+?)__(?!_)/],
  ["italic", /\*(?=\S)([\s\S]*?\S)\*|(?<![\w\\])_(?=\S)([\s\S]*?\S)_(?!\w)/],
  ["strike", /~~([\s\S]+?)~~/],
  ["spoiler", /\|\|([\s\S]+?)\|\|/],
  ["link", /\[([^\]\n]+)\]\(<?(https?:\/\/[^\s)>]+)>?\)/],
  ["autolink", /<(https?:\/\/[^\s>]+)>/],
  ["url", /https?:\/\/[^\s<]*[^\s<.,:;"')\]]/],
  ["user", /<@!?(\d+)>/],
  ["role", /<@&(\d+)>/],
  ["channel", /<#(\d+)>/],
  ["time", /<t:(-?\d{1,13})(?::([tTdDfFsSR]))?>/],
  ["emoji", /<a?:(\w+):(\d+)>/],
  ["everyone", /@(everyone|here)\b/],
];

const STYLES = {
  t: { hour: "2-digit", minute: "2-digit" },
  T: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
  d: { year: "numeric", month: "2-digit", day: "2-digit" },
  D: { year: "numeric", month: "long", day: "numeric" },
  f: { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" },
  F: { weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" },
  s: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" },
  n: { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" },
  c: { weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" },
  S: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" },
};

export function formatDate(date, style, ctx) {
  if (style === "R") return relative(date, ctx);
  return new Intl.DateTimeFormat(ctx.locale, { ...STYLES[style] || STYLES.f, timeZone: ctx.zone }).format(date);
}

// "in 3 days", measured from the sandbox clock, not from the visitor's wall clock.
function relative(date, ctx) {
  const seconds = (date - ctx.now) / 1000;
  const units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60]];
  const rtf = new Intl.RelativeTimeFormat(ctx.locale, { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(Math.round(seconds), "second");
}

export function timeElement(date, style, ctx) {
  const full = formatDate(date, "F", ctx);
  return el("time", { class: "md-time", datetime: date.toISOString(), title: `${full} (${ctx.zone})` },
    formatDate(date, style, ctx));
}

function build(kind, m, ctx) {
  switch (kind) {
    case "escape": return document.createTextNode(m[1]);
    case "code": return el("code", { class: "md-code" }, (m[2] ?? m[0].slice(2, -2)).trim() || m[0]);
    case "bold": return el("strong", {}, inline(m[1], ctx));
    case "underline": return el("u", {}, inline(m[1], ctx));
    case "italic": return el("em", {}, inline(m[1] ?? m[2], ctx));
    case "strike": return el("s", {}, inline(m[1], ctx));
    case "spoiler": return spoiler(inline(m[1], ctx));
    case "link": return link(m[2], inline(m[1], ctx), ctx);
    case "autolink": case "url": return link(m[1] ?? m[0], m[1] ?? m[0], ctx);
    case "user": {
      const member = ctx.membersById.get(m[1]);
      return el("span", { class: "mention" + (m[1] === ctx.me ? " mention-me" : "") },
        "@" + (member ? member.name : "unknown-user"));
    }
    case "role": {
      const role = ctx.rolesById.get(m[1]);
      const color = role && role.color ? `#${role.color.toString(16).padStart(6, "0")}` : "";
      return el("span", { class: "mention", style: color ? `color:${color}` : "" }, "@" + (role ? role.name : "deleted-role"));
    }
    case "channel": {
      const ch = ctx.channelsById.get(m[1]);
      return el("span", { class: "mention" }, "#" + (ch ? ch.name : "unknown"));
    }
    case "time": return timeElement(new Date(Number(m[1]) * 1000), m[2] || "f", ctx);
    case "emoji": return el("span", { class: "emoji", title: `:${m[1]}:` }, `:${m[1]}:`);
    case "everyone": return el("span", { class: "mention" }, "@" + m[1]);
  }
  return document.createTextNode(m[0]);
}

const MESSAGE_LINK = /^https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/channels\/(\d+)\/(\d+)(?:\/(\d+))?$/;

function link(href, content, ctx) {
  const inside = MESSAGE_LINK.exec(href);
  if (inside && ctx && ctx.channelsById.has(inside[2])) {
    const ch = ctx.channelsById.get(inside[2]);
    const a = el("a", { href: inside[3] ? `#msg-${inside[3]}` : "#", class: "jump" },
      typeof content === "string" && content === href ? `#${ch.name} › message` : content);
    a.addEventListener("click", (e) => { e.preventDefault(); ctx.jump(inside[2], inside[3]); });
    return a;
  }
  return el("a", { href, target: "_blank", rel: "noopener noreferrer" }, content);
}

function spoiler(content) {
  const node = el("button", { class: "spoiler", type: "button", "aria-label": "Spoiler, press to reveal" }, content);
  node.addEventListener("click", () => { node.classList.add("revealed"); node.removeAttribute("aria-label"); });
  return node;
}

export function inline(text, ctx) {
  const frag = document.createDocumentFragment();
  while (text) {
    let best = null;
    for (const [kind, re] of INLINE) {
      const m = re.exec(text);
      if (m && (!best || m.index < best.m.index)) best = { kind, m };
    }
    if (!best) { frag.append(text); break; }
    if (best.m.index) frag.append(text.slice(0, best.m.index));
    frag.append(build(best.kind, best.m, ctx));
    text = text.slice(best.m.index + best.m[0].length);
  }
  return frag;
}

function paragraph(lines, ctx) {
  const p = el("div", { class: "md-p" });
  lines.forEach((line, i) => {
    if (i) p.append(el("br"));
    p.append(inline(line, ctx));
  });
  return p;
}

const LIST = /^(\s*)([-*]|\d+\.) (.*)$/;

function list(lines, ctx) {
  const ordered = /^\s*\d+\./.test(lines[0]);
  const start = ordered ? parseInt(lines[0], 10) : undefined;
  const node = el(ordered ? "ol" : "ul", { class: "md-list", start: ordered && start !== 1 ? String(start) : null });
  for (const line of lines) {
    const m = LIST.exec(line);
    if (m) node.append(el("li", { style: m[1].length >= 2 ? "margin-left:1.2em" : "" }, inline(m[3], ctx)));
    else if (node.lastChild) node.lastChild.append(el("br"), inline(line.trim(), ctx));
  }
  return node;
}

function blocks(text, ctx, into) {
  const lines = text.split("\n");
  let i = 0;
  let para = [];
  const flush = () => { if (para.length) into.append(paragraph(para, ctx)); para = []; };
  while (i < lines.length) {
    const line = lines[i];
    if (line.startsWith(">>> ")) {
      flush();
      const quote = el("blockquote", { class: "md-quote" });
      blocks([line.slice(4), ...lines.slice(i + 1)].join("\n"), ctx, quote);
      into.append(quote);
      return;
    }
    if (line.startsWith("> ") || line === ">") {
      flush();
      const inner = [];
      while (i < lines.length && (lines[i].startsWith("> ") || lines[i] === ">")) inner.push(lines[i++].slice(2));
      const quote = el("blockquote", { class: "md-quote" });
      blocks(inner.join("\n"), ctx, quote);
      into.append(quote);
      continue;
    }
    const heading = /^(#{1,3}) (.+)$/.exec(line);
    if (heading) {
      flush();
      into.append(el("div", { class: `md-h md-h${heading[1].length}`, role: "heading", "aria-level": String(heading[1].length + 3) },
        inline(heading[2], ctx)));
      i++;
      continue;
    }
    if (line.startsWith("-# ")) {
      flush();
      into.append(el("div", { class: "md-sub" }, inline(line.slice(3), ctx)));
      i++;
      continue;
    }
    if (LIST.test(line)) {
      flush();
      const items = [];
      while (i < lines.length && (LIST.test(lines[i]) || (/^\s{2,}\S/.test(lines[i]) && items.length))) items.push(lines[i++]);
      into.append(list(items, ctx));
      continue;
    }
    para.push(line);
    i++;
  }
  flush();
}

// Code blocks first (nothing inside them is Markdown), then block quotes, headings, lists and paragraphs.
export function markdown(text, ctx) {
  const frag = document.createDocumentFragment();
  const parts = String(text || "").split(/(```[\s\S]*?```)/g);
  for (const part of parts) {
    if (!part) continue;
    if (part.startsWith("```") && part.endsWith("```") && part.length >= 6) {
      let body = part.slice(3, -3);
      const nl = body.indexOf("\n");
      if (nl >= 0 && /^[\w+-]*$/.test(body.slice(0, nl))) body = body.slice(nl + 1);
      frag.append(el("pre", { class: "md-pre" }, el("code", {}, body.replace(/\n$/, ""))));
    } else {
      blocks(part.replace(/^\n|\n$/g, ""), ctx, frag);
    }
  }
  return frag;
}

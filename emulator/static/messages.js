// One conversation entry as a chat row: the bot's messages on the left, the user's on the right,
// follow, block and bare postbacks as small notes in the middle.
import { contentUrl } from "./api.js";
import { clock, el, tappable } from "./dom.js";
import { renderFlex } from "./flex.js";

export function renderEntry(entry, onAction) {
  return entry.sender === "bot" ? botRow(entry, onAction) : userRow(entry);
}

function row(side, content, entry, note = "") {
  const line = el("div", `row ${side}`);
  line.dataset.seq = entry.seq;
  line.append(content, el("div", "meta", [clock(entry.time), note].filter(Boolean).join(" · ")));
  return line;
}

const bubble = (body) => el("div", "bubble", body);

function botRow(entry, onAction) {
  const render = BOT_MESSAGES[entry.message.type] || altText;
  const line = row("bot", render(entry.message, onAction), entry, entry.source === "reply" ? "" : entry.source);
  if (!entry.delivered) {
    line.classList.add("undelivered");
    line.title = "ไม่ถึงผู้ใช้: ผู้ใช้บล็อกบัญชีนี้อยู่";
  }
  return line;
}

const BOT_MESSAGES = {
  text: (message) => bubble(message.text),
  textV2: (message) => bubble(message.text.replace(/\{(\w+)\}/g,
    (all, key) => substitute(message.substitution?.[key]) ?? all)),
  flex: (message, onAction) => renderFlex(message.contents, onAction),
  image: (message) => picture(message.previewImageUrl, message.originalContentUrl),
  sticker: sticker,
  location: place,
  template: (message, onAction) => template(message.template, onAction),
};

function substitute(part) {
  if (!part) return undefined;
  if (part.type === "emoji") return "☺";
  return part.mentionee?.type === "all" ? "@All" : "@ผู้ใช้";
}

function altText(message) {
  return el("div", "bubble alt", message.altText || `[${message.type}]`);
}

function picture(src, href) {
  const link = el("a", "picture");
  link.href = href || src;
  link.target = "_blank";
  link.rel = "noopener";
  const image = el("img");
  image.src = src;
  image.alt = "รูปภาพ";
  link.append(image);
  return link;
}

function sticker(message) {
  return el("div", "sticker", `สติกเกอร์ ${message.packageId}/${message.stickerId}`);
}

function place(message) {
  const card = el("div", "bubble place");
  card.append(el("strong", "pin", message.title || "ตำแหน่ง"));
  if (message.address) card.append(el("div", "", message.address));
  card.append(el("div", "coordinates", `${message.latitude}, ${message.longitude}`));
  return card;
}

function template(body, onAction) {
  if (body.type === "carousel") return strip(body.columns.map((column) => templateCard(column, onAction)));
  if (body.type === "image_carousel") {
    return strip(body.columns.map((column) => {
      const image = Object.assign(el("img", "carousel-image"), { src: column.imageUrl, alt: "" });
      return tappable(image, column.action, onAction);
    }));
  }
  const card = templateCard(body, onAction);
  if (body.type === "confirm") card.classList.add("confirm");
  return card;
}

function strip(items) {
  const scroller = el("div", "flex-carousel");
  scroller.append(...items);
  return scroller;
}

function templateCard(body, onAction) {
  const card = el("div", "template");
  if (body.thumbnailImageUrl) card.append(picture(body.thumbnailImageUrl));
  if (body.title) card.append(el("strong", "", body.title));
  card.append(el("div", "template-text", body.text));
  const buttons = el("div", "template-actions");
  for (const action of body.actions) {
    const tap = el("button", "", action.label);
    tap.type = "button";
    tap.addEventListener("click", () => onAction(action));
    buttons.append(tap);
  }
  card.append(buttons);
  return card;
}

function userRow(entry) {
  const event = entry.event;
  if (event.type === "message") return row("user", userMessage(event.message), entry);
  if (event.type === "postback" && entry.displayText) return row("user", bubble(entry.displayText), entry);
  const line = el("div", "note", describe(event));
  line.dataset.seq = entry.seq;
  return line;
}

function userMessage(message) {
  if (message.type === "text") return bubble(message.text);
  if (message.type === "image") return picture(contentUrl(message.id));
  if (message.type === "location") return place(message);
  if (message.type === "sticker") return sticker(message);
  return bubble(`[${message.type}]`);
}

function describe(event) {
  if (event.type === "follow") return event.follow?.isUnblocked ? "เลิกบล็อกแล้ว" : "เพิ่มเพื่อนแล้ว";
  if (event.type === "unfollow") return "บล็อกบัญชีนี้แล้ว";
  if (event.type === "postback") {
    const params = event.postback.params ? ` ${JSON.stringify(event.postback.params)}` : "";
    return `postback ${event.postback.data}${params}`;
  }
  return event.type;
}

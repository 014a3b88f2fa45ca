// One chat as LINE shows it: a header with follow/block, the messages, the quick replies under the last
// bot message, a composer (text, photo, location) and the user's rich menu.
import { actionRunner } from "./actions.js";
import { launchLiff, sendEvent } from "./api.js";
import { el } from "./dom.js";
import { renderEntry } from "./messages.js";
import { RichMenuView } from "./richmenu.js";

export class ChatPane {
  constructor(userId, { onClose, onFocus }) {
    this.userId = userId;
    this.root = document.getElementById("pane-template").content.firstElementChild.cloneNode(true);
    this.root.dataset.user = userId;
    this.messages = this.part(".messages");
    this.quick = this.part(".quick-replies");
    this.typing = el("div", "row bot typing", "•••");
    this.run = actionRunner((fields) => this.send(fields), (uri) => this.openUri(uri));
    this.menu = new RichMenuView(this.part(".richmenu"), this.run);
    this.part(".composer").addEventListener("submit", (event) => this.submit(event));
    this.part(".attach-photo").addEventListener("click", () => this.run({ type: "cameraRoll" }));
    this.part(".attach-location").addEventListener("click", () => this.run({ type: "location" }));
    this.part(".follow").addEventListener("click", () => this.toggleFollow());
    this.part(".close").addEventListener("click", () => onClose(this));
    this.root.addEventListener("pointerdown", () => onFocus(this));
  }

  // LIFF URLs open inside the chat, like LINE's in-app browser; other links in a new tab.
  async openUri(uri) {
    if (!uri.startsWith("https://liff.line.me/")) return window.open(uri, "_blank", "noopener");
    const { url } = await launchLiff(this.userId, uri);
    const frame = el("iframe", "in-app-page");
    frame.src = url;
    frame.title = "LIFF";
    const close = el("button", "in-app-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "ปิดหน้าเว็บ");
    const browser = el("div", "in-app-browser");
    browser.append(el("div", "in-app-bar", new URL(url).host), close, frame);
    close.addEventListener("click", () => browser.remove());
    this.part(".in-app-browser")?.remove();
    this.root.append(browser);
  }

  part(selector) {
    return this.root.querySelector(selector);
  }

  // Everything at once: the whole conversation so far and the user's profile.
  show(entries, user) {
    this.messages.replaceChildren();
    this.last = null;
    entries.forEach((entry) => this.add(entry));
    if (user) this.updateUser(user);
    this.showQuickReplies();
  }

  add(entry) {
    if (entry.chatId !== this.userId) return;
    this.messages.append(renderEntry(entry, this.run));
    this.last = entry;
    if (entry.sender === "bot") this.typing.remove();
    this.showQuickReplies();
    this.messages.scrollTop = this.messages.scrollHeight;
  }

  updateUser(user) {
    this.user = user;
    this.part(".pane-title").textContent = user.displayName;
    this.part(".pane-status").textContent = user.followed ? "" : "บล็อกอยู่";
    this.part(".follow").textContent = user.followed ? "บล็อก" : "เลิกบล็อก";
    this.menu.show(this.userId, user.effectiveRichMenuId);
    this.showLoading(user.loadingUntil);
  }

  // LINE's loading animation while the bot works (POST /v2/bot/chat/loading/start).
  showLoading(until) {
    const left = until ? until * 1000 - Date.now() : 0;
    if (left <= 0) return;
    this.messages.append(this.typing);
    this.messages.scrollTop = this.messages.scrollHeight;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.typing.remove(), left);
  }

  showQuickReplies() {
    const last = this.last;
    const items = (last?.sender === "bot" && last.delivered && last.message.quickReply?.items) || [];
    this.quick.replaceChildren(...items.map((item) => this.chip(item)));
  }

  chip({ action, imageUrl }) {
    const chip = el("button", `chip ${action.type}`);
    chip.type = "button";
    if (imageUrl) chip.append(Object.assign(el("img"), { src: imageUrl, alt: "" }));
    chip.append(action.label || "");
    chip.addEventListener("click", () => this.run(action));
    return chip;
  }

  async send(fields) {
    this.quick.replaceChildren();
    try {
      const result = await sendEvent(this.userId, fields);
      if (result.error || result.status !== 200) this.problem(`webhook: ${result.error || result.status}`);
    } catch (error) {
      this.problem(error.message);
    }
  }

  submit(event) {
    event.preventDefault();
    const input = event.target.elements.text;
    const text = input.value.trim();
    input.value = "";
    if (text) this.send({ type: "text", text });
  }

  toggleFollow() {
    this.send(this.user.followed ? { type: "unfollow" } : { type: "follow", isUnblocked: true });
  }

  problem(text) {
    this.messages.append(el("div", "note error", text));
  }
}

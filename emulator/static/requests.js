// The side panel: every Messaging API call the bot made, newest first, its JSON pretty-printed and
// any schema or limit violation in red; optionally only the calls that concern one user.
import { clock, el } from "./dom.js";

const SHOWN = 300;

export class RequestPanel {
  constructor(root, store) {
    this.store = store;
    this.list = root.querySelector(".request-list");
    this.filter = root.querySelector(".request-filter");
    this.filter.addEventListener("change", () => this.render());
  }

  setUsers(users) {
    const chosen = this.filter.value;
    const options = users.map((user) => new Option(user.displayName, user.userId));
    this.filter.replaceChildren(new Option("ทุกผู้ใช้", ""), ...options);
    this.filter.value = users.some((user) => user.userId === chosen) ? chosen : "";
  }

  add(record) {
    if (!this.matches(record)) return;
    this.list.prepend(item(record));
    while (this.list.children.length > SHOWN) this.list.lastElementChild.remove();
  }

  render() {
    const shown = this.store.requests.filter((record) => this.matches(record)).slice(-SHOWN).reverse();
    this.list.replaceChildren(...shown.map(item));
  }

  matches(record) {
    return !this.filter.value || concerns(record, this.filter.value, this.store.entries);
  }
}

// A call concerns a user when it names them (push, link, profile) or answers one of their events.
function concerns(record, userId, entries) {
  const body = record.body || {};
  const recipients = [body.to, body.chatId, body.userIds].flat();
  if (record.path.includes(userId) || recipients.includes(userId)) return true;
  return entries.some((entry) => entry.chatId === userId && (entry.requestSeq === record.seq
    || (body.replyToken && entry.event?.replyToken === body.replyToken)));
}

function item(record) {
  const bad = record.status >= 400 || record.violations.length > 0;
  const entry = el("li", bad ? "request bad" : "request");
  const details = el("details");
  const summary = el("summary");
  summary.append(
    el("span", "method", record.method),
    el("span", "path", record.path),
    el("span", "status", String(record.status)),
    el("span", "when", clock(record.time)),
  );
  details.append(summary, json("body", record.body), json("response", record.response));
  entry.append(details);
  if (record.violations.length) {
    const problems = el("ul", "violations");
    problems.append(...record.violations.map((violation) => el("li", "", violation)));
    entry.append(problems);
  }
  return entry;
}

function json(title, value) {
  const block = el("div", "json");
  block.append(el("div", "json-title", title), el("pre", "", JSON.stringify(value, null, 2)));
  return block;
}

// The chat page: LINE users on the left, one or more chats side by side, the recorded Messaging API
// calls on the right. Everything arrives over the emulator's event stream; `?user=U…&user=U…` opens chats.
import { createUser, hostJobs, runHostJob, sendEvent, subscribe } from "./api.js";
import { el } from "./dom.js";
import { ChatPane } from "./pane.js";
import { RequestPanel } from "./requests.js";

const store = { users: [], entries: [], requests: [] };
const panes = [];
const paneArea = document.getElementById("panes");
const userList = document.getElementById("user-list");
const requests = new RequestPanel(document.getElementById("requests"), store);
let focused = null;
let pruneOnNextUsers = false;
let wanted = new URLSearchParams(location.search).getAll("user");

const userById = (userId) => store.users.find((user) => user.userId === userId);

function open(userId, beside = false) {
  const existing = panes.find((pane) => pane.userId === userId);
  if (existing) return focus(existing);
  const pane = new ChatPane(userId, { onClose: close, onFocus: focus });
  if (focused && !beside) {
    focused.root.replaceWith(pane.root);
    panes.splice(panes.indexOf(focused), 1, pane);
  } else {
    paneArea.append(pane.root);
    panes.push(pane);
  }
  pane.show(store.entries, userById(userId));
  focus(pane);
  pane.part(".composer input").focus();
}

function close(pane) {
  panes.splice(panes.indexOf(pane), 1);
  pane.root.remove();
  if (focused === pane) focused = null;
  focus(panes.at(-1) || null);
}

function focus(pane) {
  focused = pane;
  panes.forEach((each) => each.root.classList.toggle("focused", each === pane));
  history.replaceState(null, "", panes.length
    ? `?${new URLSearchParams(panes.map((each) => ["user", each.userId]))}` : location.pathname);
  renderUsers();
}

function renderUsers() {
  userList.replaceChildren(...store.users.map((user) => {
    const item = el("li", panes.some((pane) => pane.userId === user.userId) ? "open" : "");
    const name = el("button", "user-name", user.displayName);
    name.type = "button";
    if (!user.followed) name.append(el("span", "blocked", "บล็อก"));
    name.addEventListener("click", () => open(user.userId));
    const beside = el("button", "icon beside");
    beside.type = "button";
    beside.title = `เปิด ${user.displayName} ข้างกัน`;
    beside.addEventListener("click", () => open(user.userId, true));
    item.append(name, beside);
    return item;
  }));
}

function onUsers({ users }) {
  store.users = users;
  if (pruneOnNextUsers) panes.filter((pane) => !userById(pane.userId)).forEach(close);
  pruneOnNextUsers = false;
  panes.forEach((pane) => userById(pane.userId) && pane.updateUser(userById(pane.userId)));
  requests.setUsers(users);
  renderUsers();
  wanted.filter(userById).forEach((userId) => open(userId, true));
  wanted = wanted.filter((userId) => !userById(userId));
}

// The emulator was reset or restarted: everything comes again from the stream, and the chats of users
// that no longer exist close when the new user list arrives.
function onReset() {
  store.entries = [];
  store.requests = [];
  panes.forEach((pane) => pane.show([], null));
  requests.render();
  pruneOnNextUsers = true;
}

// A new LINE user adds the bot as a friend: LINE sends a follow event and the bot greets them.
document.getElementById("new-user").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = event.target.elements.displayName;
  const user = await createUser(input.value.trim());
  input.value = "";
  open(user.userId, true);
  await sendEvent(user.userId, { type: "follow" });
});

// The bot's scheduled reports, run now (offered only when the host registered them: the demo).
const jobForm = document.getElementById("host-jobs");

async function showHostJobs() {
  const { jobs } = await hostJobs();
  jobForm.elements.job.replaceChildren(...jobs.map(({ name, label }) => {
    const option = el("option", "", label);
    option.value = name;
    return option;
  }));
  jobForm.hidden = !jobs.length;
}

jobForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = jobForm.querySelector(".status");
  const chosen = jobForm.elements.job.selectedOptions[0];
  try {
    await runHostJob(chosen.value);
    status.textContent = `เริ่ม${chosen.textContent}แล้ว ดูผลในแชตของผู้รับ`;
  } catch (error) {
    status.textContent = `เริ่มไม่ได้: ${error.message}`;
  }
});

const connection = document.getElementById("connection");
let wasConnected = true;

// A lost stream shows a banner; when it is back the page catches up from the stream.
function connected(ok) {
  connection.hidden = ok;
  if (ok && !wasConnected) showHostJobs().catch(() => {});
  wasConnected = ok;
}

showHostJobs().catch(() => {});
subscribe({
  users: onUsers,
  entry: (entry) => {
    store.entries.push(entry);
    panes.forEach((pane) => pane.add(entry));
  },
  request: (record) => {
    store.requests.push(record);
    requests.add(record);
  },
  reset: onReset,
}, connected);

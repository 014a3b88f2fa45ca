// The emulator's control API (/_emulator/...) as seen from the chat page.

async function call(method, path, body) {
  const response = await fetch(`/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.message || `HTTP ${response.status}`);
  return answer;
}

export const createUser = (displayName) => call("POST", "/users", { displayName });

// Have the user cause an event: {type: "text", text} · {type: "postback", data, params?, displayText?}
// · {type: "image", contentBase64, contentType} · {type: "location", latitude, longitude, title?, address?}
// · {type: "follow", isUnblocked?} · {type: "unfollow"}. Answers what the bot's webhook said.
export const sendEvent = (userId, body) => call("POST", `/users/${userId}/events`, body);

export const richMenu = (userId) => call("GET", `/users/${userId}/richmenu`);

export const presets = () => call("GET", "/presets");

// Work of the bot that the page may start now (the demo's scheduled reports); none elsewhere.
export const hostJobs = () => call("GET", "/host-jobs");
export const runHostJob = (name) => call("POST", `/host-jobs/${encodeURIComponent(name)}`);

// The URL LINE's in-app browser loads for a LIFF URL the user tapped (the app's endpoint, ID token attached).
export const launchLiff = (userId, url) => call("POST", "/liff/launch", { userId, url });

export const contentUrl = (messageId) => `/_emulator/contents/${messageId}`;

// Server-sent events: users, every conversation entry and recorded request, live. EventSource
// reconnects by itself and resumes after the last event it saw (Last-Event-ID); when it gives up (the
// address answered with an error), a new one starts from that cursor. `connected(false)` when the
// stream is lost, `connected(true)` when it is back.
const RETRY_MS = 2000;

export function subscribe(handlers, connected) {
  let cursor = "";
  const open = () => {
    const source = new EventSource(`/_emulator/stream${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`);
    source.onopen = () => connected(true);
    source.onerror = () => {
      connected(false);
      if (source.readyState === EventSource.CLOSED) setTimeout(open, RETRY_MS);
    };
    for (const [kind, handle] of Object.entries(handlers)) {
      source.addEventListener(kind, (event) => {
        cursor = event.lastEventId || cursor;
        handle(JSON.parse(event.data));
      });
    }
  };
  open();
}

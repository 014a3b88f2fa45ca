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

export const contentUrl = (messageId) => `/_emulator/contents/${messageId}`;

// Server-sent events: users, every conversation entry and recorded request, live. EventSource
// reconnects by itself and resumes after the last event it saw (Last-Event-ID).
export function subscribe(handlers) {
  const source = new EventSource("/_emulator/stream");
  for (const [kind, handle] of Object.entries(handlers)) {
    source.addEventListener(kind, (event) => handle(JSON.parse(event.data)));
  }
  return source;
}

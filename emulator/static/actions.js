// Runs a LINE action as the user of a chat does by tapping it: a quick reply, a Flex or template
// button, a rich menu area. `send(fields)` posts an event from that user to the bot; `openUri(uri)` opens a
// link as LINE does (LIFF URLs in the in-app browser).
import { pickDateTime, pickLocation, pickPhoto } from "./pickers.js";

export function actionRunner(send, openUri) {
  return async (action) => {
    if (action.type === "uri") return openUri(action.uri);
    const run = HANDLERS[action.type];
    if (run) await run(action, send);
  };
}

async function sendPicked(picked, send, fields) {
  const value = await picked;
  if (value) await send(fields(value));
}

const sendPhoto = (action, send) => sendPicked(pickPhoto(), send, (photo) => ({ type: "image", ...photo }));

const HANDLERS = {
  message: (action, send) => send({ type: "text", text: action.text }),
  postback: (action, send) => {
    const shown = action.displayText || action.text;
    return send({ type: "postback", data: action.data, ...(shown ? { displayText: shown } : {}) });
  },
  datetimepicker: (action, send) => sendPicked(pickDateTime(action), send,
    (params) => ({ type: "postback", data: action.data, params })),
  location: (action, send) => sendPicked(pickLocation(), send, (point) => ({ type: "location", ...point })),
  camera: sendPhoto,
  cameraRoll: sendPhoto,
  richmenuswitch: (action, send) => send({
    type: "postback", data: action.data,
    params: { newRichMenuAliasId: action.richMenuAliasId, status: "SUCCESS" },
  }),
  clipboard: (action) => navigator.clipboard?.writeText(action.clipboardText),
};

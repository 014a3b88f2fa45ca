// What LINE opens for a datetimepicker, a camera or camera-roll and a location action: <dialog>s of
// chat.html. Each picker resolves to the event fields to send, or null when the user cancels.
import { presets } from "./api.js";
import { el } from "./dom.js";

const INPUT_TYPE = { date: "date", time: "time", datetime: "datetime-local" };
let loadedPresets;

const offered = () => (loadedPresets ??= presets());

// Opens a dialog whose form has method="dialog": resolves to the value of the button that closed it.
function ask(dialog) {
  return new Promise((resolve) => {
    dialog.returnValue = "";
    dialog.addEventListener("close", () => resolve(dialog.returnValue), { once: true });
    dialog.showModal();
  });
}

function choice(value, content) {
  const button = el("button", "choice");
  button.value = value;
  button.formNoValidate = true;
  button.append(...content);
  return button;
}

export async function pickDateTime(action) {
  const dialog = document.getElementById("date-picker");
  const input = dialog.querySelector("input");
  const mode = action.mode || "date";
  input.type = INPUT_TYPE[mode];
  input.value = action.initial || "";
  input.min = action.min || "";
  input.max = action.max || "";
  dialog.querySelector(".label").textContent = action.label || "";
  const answer = await ask(dialog);
  return answer === "ok" && input.value ? { [mode]: input.value } : null;
}

export async function pickPhoto() {
  const dialog = document.getElementById("photo-picker");
  const { photos } = await offered();
  dialog.querySelector(".samples").replaceChildren(...photos.map((photo) => {
    const image = el("img");
    image.src = photo.url;
    image.alt = photo.label;
    return choice(photo.url, [image, el("span", "", photo.label)]);
  }));
  const answer = await ask(dialog);
  if (answer === "file") return encode(takeFile(dialog.querySelector("input[type=file]")));
  if (answer.startsWith("/")) return encode(await (await fetch(answer)).blob());
  return null;
}

function takeFile(input) {
  const [file] = input.files;
  input.value = "";
  return file;
}

// An image as the fields of an image event: {contentBase64, contentType}.
function encode(blob) {
  if (!blob) return null;
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({
      contentBase64: reader.result.split(",", 2)[1],
      contentType: blob.type || "image/jpeg",
    });
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

export async function pickLocation() {
  const dialog = document.getElementById("location-picker");
  const { locations } = await offered();
  dialog.querySelector(".presets").replaceChildren(...locations.map((point, index) =>
    choice(String(index), [el("strong", "pin", point.title), el("span", "", point.address || "")])));
  const answer = await ask(dialog);
  if (answer === "typed") return typedLocation(dialog.querySelector("form"));
  return /^\d+$/.test(answer) ? locations[Number(answer)] : null;
}

function typedLocation(form) {
  const fields = new FormData(form);
  return {
    latitude: Number(fields.get("latitude")),
    longitude: Number(fields.get("longitude")),
    title: fields.get("title") || "ตำแหน่งที่ปักหมุด",
  };
}

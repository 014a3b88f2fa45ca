// LINE Flex Message → DOM: bubbles, carousels and their components, with LINE's keyword sizes and
// defaults (Flex Message reference). `onAction(action)` runs an action when something is tapped.
import { el, tappable } from "./dom.js";

const SPACING = { none: "0", xs: "2px", sm: "4px", md: "8px", lg: "12px", xl: "16px", xxl: "20px" };
const TEXT_SIZE = {
  xxs: "11px", xs: "13px", sm: "14px", md: "16px", lg: "19px", xl: "22px", xxl: "29px",
  "3xl": "35px", "4xl": "48px", "5xl": "74px",
};
const IMAGE_SIZE = {
  xxs: "40px", xs: "60px", sm: "80px", md: "100px", lg: "120px", xl: "140px", xxl: "160px",
  "3xl": "180px", "4xl": "200px", "5xl": "220px", full: "100%",
};
const BORDER = { none: "0", light: "0.5px", normal: "1px", medium: "2px", "semi-bold": "3px", bold: "4px" };
const BUBBLE_WIDTH = {
  nano: "120px", micro: "160px", deca: "220px", hecto: "241px", kilo: "260px", mega: "300px", giga: "386px",
};
const BLOCK_PADDING = { header: "20px", hero: "0", body: "20px", footer: "10px" };
const BUTTON_COLOR = { primary: "#17C950", secondary: "#DCDFE5", link: "#42659A" };
const GRAVITY = { top: "flex-start", center: "center", bottom: "flex-end" };
const ALIGN = { start: "left", center: "center", end: "right" };

const size = (value, table) => (value === undefined ? undefined : table[value] ?? value);

export function renderFlex(contents, onAction) {
  if (contents.type !== "carousel") return bubble(contents, onAction);
  const strip = el("div", "flex-carousel");
  for (const item of contents.contents) strip.append(bubble(item, onAction));
  return strip;
}

function bubble(node, onAction) {
  const card = el("div", "flex-bubble");
  card.style.width = BUBBLE_WIDTH[node.size || "mega"];
  let first = true;
  for (const block of ["header", "hero", "body", "footer"]) {
    if (!node[block]) continue;
    const style = (node.styles || {})[block] || {};
    const part = component(node[block], "vertical", onAction);
    part.classList.add(`flex-${block}`);
    if (node[block].type === "box" && !hasPadding(node[block])) part.style.padding = BLOCK_PADDING[block];
    if (style.backgroundColor) part.style.backgroundColor = style.backgroundColor;
    if (style.separator && !first) part.style.borderTop = `1px solid ${style.separatorColor || "#E0E0E0"}`;
    card.append(part);
    first = false;
  }
  if (node.action) tappable(card, node.action, onAction);
  return card;
}

const hasPadding = (box) => ["paddingAll", "paddingTop", "paddingBottom", "paddingStart", "paddingEnd"]
  .some((key) => key in box);

const RENDERERS = { box, text, button, image, icon, separator, filler, video };

function component(node, parentLayout, onAction) {
  const render = RENDERERS[node.type] || unknown;
  const part = render(node, onAction, parentLayout);
  place(part, node, parentLayout);
  if (node.action && node.type !== "button") tappable(part, node.action, onAction);
  return part;
}

// How a child sits in its parent box: flex ratio, gravity, absolute or relative offsets.
function place(part, node, parentLayout) {
  const horizontal = parentLayout !== "vertical";
  const grow = node.flex ?? (horizontal && node.type !== "separator" && node.type !== "icon" ? 1 : 0);
  if (node.type === "filler") part.style.flex = `${node.flex ?? 1} 0 0`;
  else if (horizontal) part.style.flex = grow > 0 ? `${grow} 1 0%` : "0 0 auto";
  else if (grow > 0) part.style.flex = `${grow} 0 auto`;
  if (node.gravity) part.style.alignSelf = GRAVITY[node.gravity];
  if (node.position === "absolute") part.style.position = "absolute";
  for (const [key, side] of [["offsetTop", "top"], ["offsetBottom", "bottom"],
    ["offsetStart", "left"], ["offsetEnd", "right"]]) {
    if (node[key] !== undefined) part.style[side] = size(node[key], SPACING);
  }
  if (node.position !== "absolute" && ["offsetTop", "offsetBottom", "offsetStart", "offsetEnd"]
    .some((key) => key in node)) part.style.position = "relative";
}

function box(node, onAction) {
  const part = el("div", `flex-box flex-${node.layout}`);
  const style = part.style;
  style.backgroundColor = node.backgroundColor || "";
  if (node.background?.type === "linearGradient") {
    const { angle, startColor, centerColor, endColor } = node.background;
    style.background = `linear-gradient(${angle}, ${[startColor, centerColor, endColor].filter(Boolean).join(", ")})`;
  }
  if (node.borderWidth || node.borderColor) {
    style.border = `${size(node.borderWidth, BORDER) || "1px"} solid ${node.borderColor || "#000"}`;
  }
  style.borderRadius = size(node.cornerRadius, SPACING) || "";
  for (const key of ["width", "height", "maxWidth", "maxHeight"]) style[key] = node[key] || "";
  style.padding = size(node.paddingAll, SPACING) || "";
  for (const [key, side] of [["paddingTop", "paddingTop"], ["paddingBottom", "paddingBottom"],
    ["paddingStart", "paddingLeft"], ["paddingEnd", "paddingRight"]]) {
    if (node[key] !== undefined) style[side] = size(node[key], SPACING);
  }
  style.justifyContent = node.justifyContent || "";
  style.alignItems = node.alignItems || "";
  const before = node.layout === "vertical" ? "marginTop" : "marginLeft";
  (node.contents || []).forEach((child, index) => {
    const placed = component(child, node.layout, onAction);
    const gap = child.margin ?? (index > 0 ? node.spacing : undefined);
    if (gap !== undefined && child.position !== "absolute") placed.style[before] = size(gap, SPACING);
    part.append(placed);
  });
  return part;
}

function textStyle(target, node) {
  target.style.fontSize = size(node.size, TEXT_SIZE) || "";
  target.style.color = node.color || "";
  if (node.weight === "bold") target.style.fontWeight = "700";
  if (node.style === "italic") target.style.fontStyle = "italic";
  if (node.decoration && node.decoration !== "none") target.style.textDecoration = node.decoration;
}

function text(node) {
  const part = el("div", node.wrap ? "flex-text wrap" : "flex-text");
  textStyle(part, node);
  part.style.textAlign = ALIGN[node.align] || "";
  if (node.lineSpacing) part.style.lineHeight = `calc(1.4em + ${node.lineSpacing})`;
  if (node.maxLines) Object.assign(part.style, { WebkitLineClamp: node.maxLines, display: "-webkit-box" });
  if (!node.contents?.length) {
    part.textContent = node.text ?? "";
    return part;
  }
  for (const span of node.contents) {
    const piece = el("span", "", span.text);
    textStyle(piece, span);
    part.append(piece);
  }
  return part;
}

function button(node, onAction) {
  const style = node.style || "link";
  const part = el("button", `flex-button ${style} ${node.height === "sm" ? "sm" : "md"}`,
    node.action.label || "");
  part.type = "button";
  const color = node.color || BUTTON_COLOR[style];
  if (style === "link") part.style.color = color;
  else part.style.backgroundColor = color;
  part.addEventListener("click", () => onAction(node.action));
  return part;
}

function image(node) {
  const frame = el("div", "flex-image");
  frame.style.width = size(node.size || "md", IMAGE_SIZE);
  frame.style.aspectRatio = (node.aspectRatio || "1:1").replace(":", " / ");
  frame.style.backgroundColor = node.backgroundColor || "";
  frame.style.alignSelf = { start: "flex-start", end: "flex-end" }[node.align] || "center";
  const picture = el("img");
  picture.src = node.url;
  picture.alt = "";
  picture.style.objectFit = node.aspectMode === "cover" ? "cover" : "contain";
  frame.append(picture);
  return frame;
}

function icon(node) {
  const picture = el("img", "flex-icon");
  picture.src = node.url;
  picture.alt = "";
  const height = size(node.size || "md", TEXT_SIZE);
  const [w, h] = (node.aspectRatio || "1:1").split(":").map(Number);
  Object.assign(picture.style, { height, width: `calc(${height} * ${w / h})` });
  return picture;
}

function separator(node, onAction, parentLayout) {
  const line = el("div", parentLayout === "vertical" ? "flex-separator" : "flex-separator vertical");
  line.style.backgroundColor = node.color || "";
  return line;
}

function filler() {
  return el("div", "flex-filler");
}

function video(node, onAction) {
  return component(node.altContent, "vertical", onAction);
}

function unknown(node) {
  return el("div", "flex-unknown", `[${node.type}]`);
}

// Small DOM helpers shared by the page's modules.

export function el(tag, className = "", text = undefined) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Make a node run a LINE action when tapped (a Flex box, image or text with an `action`).
export function tappable(node, action, onAction) {
  node.classList.add("tappable");
  node.title = action.label || "";
  node.addEventListener("click", (event) => {
    event.stopPropagation();
    onAction(action);
  });
  return node;
}

export function clock(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString("th-TH", { hour: "2-digit", minute: "2-digit" });
}

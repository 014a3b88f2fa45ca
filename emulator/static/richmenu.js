// The user's rich menu under the chat, as LINE shows it: a chat bar that opens and closes it, and the
// menu image with a transparent button over each area (its bounds scaled to the shown image).
import { richMenu } from "./api.js";
import { el } from "./dom.js";

const percent = (value, total) => `${(value / total) * 100}%`;

export class RichMenuView {
  constructor(root, onAction) {
    this.root = root;
    this.onAction = onAction;
    this.menuId = null;
    this.bar = root.querySelector(".chat-bar");
    this.panel = root.querySelector(".richmenu-panel");
    this.bar.addEventListener("click", () => this.toggle());
  }

  // Show the menu `menuId` (the user's own link, else the default); nothing when it is null.
  async show(userId, menuId) {
    if (menuId === this.menuId) return;
    this.menuId = menuId;
    this.root.hidden = !menuId;
    if (!menuId) return;
    const menu = await richMenu(userId).catch(() => null);
    if (menu && menu.richMenuId === this.menuId) this.render(menu);
  }

  render(menu) {
    this.bar.textContent = menu.chatBarText;
    const image = el("img");
    image.src = menu.imageUrl;
    image.alt = menu.name;
    this.panel.replaceChildren(image, ...menu.areas.map((area) => this.area(area, menu.size)));
    this.toggle(menu.selected);
  }

  area({ bounds, action }, size) {
    const button = el("button", "area");
    button.type = "button";
    button.title = action.label || action.text || action.type;
    button.setAttribute("aria-label", button.title);
    Object.assign(button.style, {
      left: percent(bounds.x, size.width),
      top: percent(bounds.y, size.height),
      width: percent(bounds.width, size.width),
      height: percent(bounds.height, size.height),
    });
    button.addEventListener("click", () => this.onAction(action));
    return button;
  }

  toggle(open = this.panel.hidden) {
    this.panel.hidden = !open;
    this.root.classList.toggle("open", open);
  }
}

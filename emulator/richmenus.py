"""Rich menus, their images, the default menu and aliases."""

from __future__ import annotations

import threading
from typing import Any

from emulator import ids
from emulator.records import Content, RichMenu


class RichMenuStore:
    """Rich menu storage; shares the lock of the EmulatorState that owns it."""

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._menus: dict[str, RichMenu] = {}
        self._aliases: dict[str, str] = {}
        self.default_id: str | None = None

    def create(self, body: dict[str, Any]) -> RichMenu:
        menu = RichMenu(ids.rich_menu_id(), body)
        with self._lock:
            self._menus[menu.rich_menu_id] = menu
        return menu

    def get(self, rich_menu_id: str) -> RichMenu | None:
        with self._lock:
            return self._menus.get(rich_menu_id)

    def all(self) -> list[RichMenu]:
        with self._lock:
            return list(self._menus.values())

    def remove(self, rich_menu_id: str) -> bool:
        """Forget a menu, its aliases and its default status; the caller unlinks users."""
        with self._lock:
            if self._menus.pop(rich_menu_id, None) is None:
                return False
            self._aliases = {alias: menu for alias, menu in self._aliases.items() if menu != rich_menu_id}
            if self.default_id == rich_menu_id:
                self.default_id = None
            return True

    def set_image(self, rich_menu_id: str, image: Content) -> None:
        with self._lock:
            self._menus[rich_menu_id].image = image

    def alias(self, alias_id: str) -> str | None:
        with self._lock:
            return self._aliases.get(alias_id)

    def aliases(self) -> dict[str, str]:
        with self._lock:
            return dict(self._aliases)

    def set_alias(self, alias_id: str, rich_menu_id: str) -> None:
        with self._lock:
            self._aliases[alias_id] = rich_menu_id

    def remove_alias(self, alias_id: str) -> bool:
        with self._lock:
            return self._aliases.pop(alias_id, None) is not None

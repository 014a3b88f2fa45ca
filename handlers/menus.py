"""The rich menu of each role, built from the areas the features declare (handlers/features.py)."""

from __future__ import annotations

from handlers.features import FEATURES
from handlers.menu_areas import Menu, MenuArea, MenuSlot
from models.vocabulary import Role

__all__ = ["CITIZEN", "MENUS", "OFFICER", "SUPERVISOR", "Menu", "MenuArea", "menu_for"]

CHAT_BAR = "เมนู"


def _build(name: str) -> Menu:
    slots: list[MenuSlot] = sorted(
        (slot for feature in FEATURES for slot in feature.menu if slot.menu == name),
        key=lambda slot: (slot.row, slot.column),
    )
    rows = sorted({slot.row for slot in slots})
    return Menu(name, CHAT_BAR, tuple(tuple(s.area for s in slots if s.row == row) for row in rows))


OFFICER = _build("officer")
SUPERVISOR = _build("supervisor")
CITIZEN = _build("citizen")
MENUS = (OFFICER, SUPERVISOR, CITIZEN)


def menu_for(role: Role) -> Menu:
    """Officers and supervisors get their own menus; admins the supervisor's; everyone else the default."""
    if role is Role.OFFICER:
        return OFFICER
    if role in (Role.SUPERVISOR, Role.ADMIN):
        return SUPERVISOR
    return CITIZEN

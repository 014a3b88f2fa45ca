"""What a rich menu is made of: areas that send a command as text, like typing it, placed in rows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuArea:
    label: str
    command: str
    hint: str
    color: str
    opens: str = ""
    """a LIFF app the area opens instead ('dashboard'), when the deployment has one"""


@dataclass(frozen=True)
class Menu:
    name: str
    chat_bar: str
    rows: tuple[tuple[MenuArea, ...], ...]


@dataclass(frozen=True)
class MenuSlot:
    """Where a feature puts one of its areas: which role's menu, which row, which place in the row."""

    menu: str
    row: int
    column: int
    area: MenuArea

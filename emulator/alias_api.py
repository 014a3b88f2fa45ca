"""Rich menu alias endpoints (used by richmenuswitch actions)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from emulator.platform import LineError, emulator, json_body
from emulator.richmenu_api import menu_or_404

bp = Blueprint("alias_api", __name__)

Answer = dict[str, Any]


@bp.post("/v2/bot/richmenu/alias")
def create() -> Answer:
    body = json_body()
    store = emulator().state.rich_menus
    if store.alias(body["richMenuAliasId"]) is not None:
        raise LineError(400, "conflict richmenu alias id")
    store.set_alias(body["richMenuAliasId"], menu_or_404(body["richMenuId"]).rich_menu_id)
    return {}


@bp.get("/v2/bot/richmenu/alias/list")
def list_aliases() -> Answer:
    aliases = emulator().state.rich_menus.aliases().items()
    return {"aliases": [_alias(alias_id, rich_menu_id) for alias_id, rich_menu_id in aliases]}


@bp.get("/v2/bot/richmenu/alias/<alias_id>")
def get(alias_id: str) -> Answer:
    return _alias(alias_id, _target_or_404(alias_id))


@bp.post("/v2/bot/richmenu/alias/<alias_id>")
def update(alias_id: str) -> Answer:
    body = json_body()
    _target_or_404(alias_id)
    emulator().state.rich_menus.set_alias(alias_id, menu_or_404(body["richMenuId"]).rich_menu_id)
    return {}


@bp.delete("/v2/bot/richmenu/alias/<alias_id>")
def delete(alias_id: str) -> Answer:
    if not emulator().state.rich_menus.remove_alias(alias_id):
        raise LineError(404, "Not found")
    return {}


def _target_or_404(alias_id: str) -> str:
    rich_menu_id = emulator().state.rich_menus.alias(alias_id)
    if rich_menu_id is None:
        raise LineError(404, "Not found")
    return rich_menu_id


def _alias(alias_id: str, rich_menu_id: str) -> Answer:
    return {"richMenuAliasId": alias_id, "richMenuId": rich_menu_id}

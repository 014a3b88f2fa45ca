"""Rich menu endpoints: menus and images, per-user links, the default menu, bulk links."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from emulator.platform import LineError, emulator, json_body
from emulator.records import Content, RichMenu, User
from emulator.validation.richmenu import image_problem

bp = Blueprint("richmenu_api", __name__)

Answer = dict[str, Any]
NEEDS_IMAGE = "must upload richmenu image before applying it to user"


@bp.post("/v2/bot/richmenu")
def create() -> Answer:
    return {"richMenuId": emulator().state.rich_menus.create(json_body()).rich_menu_id}


@bp.post("/v2/bot/richmenu/validate")
def validate() -> Answer:
    json_body()
    return {}


@bp.get("/v2/bot/richmenu/list")
def list_menus() -> Answer:
    return {"richmenus": [menu.to_dict() for menu in emulator().state.rich_menus.all()]}


@bp.get("/v2/bot/richmenu/<rich_menu_id>")
def get(rich_menu_id: str) -> Answer:
    return menu_or_404(rich_menu_id).to_dict()


@bp.delete("/v2/bot/richmenu/<rich_menu_id>")
def delete(rich_menu_id: str) -> Answer:
    if not emulator().state.delete_rich_menu(rich_menu_id):
        raise LineError(404, "Not found")
    return {}


@bp.post("/v2/bot/richmenu/<rich_menu_id>/content")
def upload_image(rich_menu_id: str) -> Answer:
    menu = menu_or_404(rich_menu_id)
    if menu.image is not None:
        raise LineError(400, "An image has already been uploaded to the richmenu")
    data = request.get_data()
    problem = image_problem(data, request.mimetype, menu.body.get("size") or {})
    if problem is not None:
        raise LineError(*problem)
    emulator().state.rich_menus.set_image(rich_menu_id, Content(data, request.mimetype))
    return {}


@bp.get("/v2/bot/richmenu/<rich_menu_id>/content")
def download_image(rich_menu_id: str) -> Response:
    image = menu_or_404(rich_menu_id).image
    if image is None:
        raise LineError(404, "Not found")
    return Response(image.data, content_type=image.content_type)


@bp.post("/v2/bot/user/<user_id>/richmenu/<rich_menu_id>")
def link(user_id: str, rich_menu_id: str) -> Answer:
    user = _user_or_404(user_id)
    emulator().state.link_rich_menu(user.user_id, _linkable(rich_menu_id).rich_menu_id)
    return {}


@bp.delete("/v2/bot/user/<user_id>/richmenu")
def unlink(user_id: str) -> Answer:
    emulator().state.link_rich_menu(_user_or_404(user_id).user_id, None)
    return {}


@bp.get("/v2/bot/user/<user_id>/richmenu")
def linked(user_id: str) -> Answer:
    rich_menu_id = _user_or_404(user_id).rich_menu_id
    if rich_menu_id is None:
        raise LineError(404, "the user has no richmenu")
    return {"richMenuId": rich_menu_id}


@bp.post("/v2/bot/user/all/richmenu/<rich_menu_id>")
def set_default(rich_menu_id: str) -> Answer:
    emulator().state.rich_menus.default_id = _linkable(rich_menu_id).rich_menu_id
    return {}


@bp.get("/v2/bot/user/all/richmenu")
def get_default() -> Answer:
    rich_menu_id = emulator().state.rich_menus.default_id
    if rich_menu_id is None:
        raise LineError(404, "no default richmenu")
    return {"richMenuId": rich_menu_id}


@bp.delete("/v2/bot/user/all/richmenu")
def clear_default() -> Answer:
    emulator().state.rich_menus.default_id = None
    return {}


@bp.post("/v2/bot/richmenu/bulk/link")
def bulk_link() -> tuple[Answer, int]:
    body = json_body()
    menu = _linkable(body["richMenuId"])
    _link_known_users(body["userIds"], menu.rich_menu_id)
    return {}, 202


@bp.post("/v2/bot/richmenu/bulk/unlink")
def bulk_unlink() -> tuple[Answer, int]:
    _link_known_users(json_body()["userIds"], None)
    return {}, 202


def menu_or_404(rich_menu_id: str) -> RichMenu:
    menu = emulator().state.rich_menus.get(rich_menu_id)
    if menu is None:
        raise LineError(404, "Not found")
    return menu


def _linkable(rich_menu_id: str) -> RichMenu:
    """A menu that exists and has its image: LINE refuses to show a menu without one."""
    menu = menu_or_404(rich_menu_id)
    if menu.image is None:
        raise LineError(400, NEEDS_IMAGE)
    return menu


def _user_or_404(user_id: str) -> User:
    user = emulator().state.user(user_id)
    if user is None:
        raise LineError(404, "Not found")
    return user


def _link_known_users(user_ids: list[str], rich_menu_id: str | None) -> None:
    """Bulk operations run asynchronously at LINE and skip ids that are not friends."""
    state = emulator().state
    for user_id in user_ids:
        if state.user(user_id) is not None:
            state.link_rich_menu(user_id, rich_menu_id)

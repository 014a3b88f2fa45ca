"""Rich menus through line-bot-sdk: create, upload the image, link, default, aliases."""

from __future__ import annotations

import pytest
from linebot.v3.messaging import (
    CreateRichMenuAliasRequest,
    MessagingApi,
    MessagingApiBlob,
    RichMenuBulkLinkRequest,
    RichMenuRequest,
)
from linebot.v3.messaging.exceptions import ApiException

from emulator.facade import Emulator
from emulator.records import User
from emulator.testing import RunningEmulator
from tests.emulator.helpers import TIMEOUT, error_body, image_bytes

WIDTH, HEIGHT = 2500, 843


def menu_request(name: str = "เมนูเจ้าหน้าที่") -> RichMenuRequest:
    half = WIDTH // 2
    return RichMenuRequest.from_dict(
        {
            "size": {"width": WIDTH, "height": HEIGHT},
            "selected": True,
            "name": name,
            "chatBarText": "เมนู",
            "areas": [
                {
                    "bounds": {"x": 0, "y": 0, "width": half, "height": HEIGHT},
                    "action": {
                        "type": "postback",
                        "label": "เยี่ยมบ้าน",
                        "data": "menu=visit",
                        "displayText": "เยี่ยมบ้าน",
                    },
                },
                {
                    "bounds": {"x": half, "y": 0, "width": half, "height": HEIGHT},
                    "action": {"type": "message", "label": "ช่วยเหลือ", "text": "ช่วยเหลือ"},
                },
            ],
        }
    )


def create_with_image(api: MessagingApi, blob_api: MessagingApiBlob, kind: str = "PNG") -> str:
    rich_menu_id = api.create_rich_menu(menu_request(), _request_timeout=TIMEOUT).rich_menu_id
    content_type = "image/png" if kind == "PNG" else "image/jpeg"
    blob_api.set_rich_menu_image(
        rich_menu_id,
        image_bytes(WIDTH, HEIGHT, kind),
        _headers={"Content-Type": content_type},
        _request_timeout=TIMEOUT,
    )
    return rich_menu_id


def test_create_upload_link_and_read_back(
    api: MessagingApi, blob_api: MessagingApiBlob, emu: Emulator, user: User
) -> None:
    rich_menu_id = create_with_image(api, blob_api)

    api.link_rich_menu_id_to_user(user.user_id, rich_menu_id, _request_timeout=TIMEOUT)

    assert api.get_rich_menu_id_of_user(user.user_id, _request_timeout=TIMEOUT).rich_menu_id == rich_menu_id
    assert api.get_rich_menu(rich_menu_id, _request_timeout=TIMEOUT).name == "เมนูเจ้าหน้าที่"
    image = blob_api.get_rich_menu_image_with_http_info(rich_menu_id, _request_timeout=TIMEOUT)
    assert image.raw_data == image_bytes(WIDTH, HEIGHT)
    assert image.headers["Content-Type"] == "image/png"
    assert emu.state.effective_rich_menu_id(user.user_id) == rich_menu_id


def test_jpeg_images_are_accepted(api: MessagingApi, blob_api: MessagingApiBlob) -> None:
    rich_menu_id = create_with_image(api, blob_api, kind="JPEG")
    assert blob_api.get_rich_menu_image(rich_menu_id, _request_timeout=TIMEOUT)[:2] == b"\xff\xd8"


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        (image_bytes(1200, 405), "image/png", 400),
        (b"GIF89a", "image/gif", 415),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024), "image/png", 413),
    ],
    ids=["wrong-size", "gif", "over-1mb"],
)
def test_bad_images_are_refused(
    api: MessagingApi, blob_api: MessagingApiBlob, data: bytes, content_type: str, status: int
) -> None:
    rich_menu_id = api.create_rich_menu(menu_request(), _request_timeout=TIMEOUT).rich_menu_id
    with pytest.raises(ApiException) as error:
        blob_api.set_rich_menu_image(
            rich_menu_id, data, _headers={"Content-Type": content_type}, _request_timeout=TIMEOUT
        )
    assert error.value.status == status


def test_a_menu_needs_its_image_before_linking(api: MessagingApi, user: User) -> None:
    rich_menu_id = api.create_rich_menu(menu_request(), _request_timeout=TIMEOUT).rich_menu_id
    with pytest.raises(ApiException) as error:
        api.link_rich_menu_id_to_user(user.user_id, rich_menu_id, _request_timeout=TIMEOUT)
    assert error.value.status == 400
    assert error_body(error.value) == {"message": "must upload richmenu image before applying it to user"}


def test_invalid_menu_is_rejected(api: MessagingApi) -> None:
    request = menu_request()
    request.areas[1].bounds.width = WIDTH
    with pytest.raises(ApiException) as error:
        api.create_rich_menu(request, _request_timeout=TIMEOUT)
    assert error_body(error.value)["details"] == [
        {"message": "The area must lie inside the rich menu", "property": "areas[1].bounds"}
    ]


def test_default_menu_applies_until_a_user_has_their_own(
    api: MessagingApi, blob_api: MessagingApiBlob, emu: Emulator, user: User
) -> None:
    default_id, own_id = create_with_image(api, blob_api), create_with_image(api, blob_api)
    api.set_default_rich_menu(default_id, _request_timeout=TIMEOUT)
    assert emu.state.effective_rich_menu_id(user.user_id) == default_id
    with pytest.raises(ApiException) as none_linked:
        api.get_rich_menu_id_of_user(user.user_id, _request_timeout=TIMEOUT)

    api.link_rich_menu_id_to_users(
        RichMenuBulkLinkRequest(rich_menu_id=own_id, user_ids=[user.user_id]), _request_timeout=TIMEOUT
    )
    assert emu.state.effective_rich_menu_id(user.user_id) == own_id
    api.unlink_rich_menu_id_from_user(user.user_id, _request_timeout=TIMEOUT)
    assert emu.state.effective_rich_menu_id(user.user_id) == default_id
    assert none_linked.value.status == 404
    assert api.get_default_rich_menu_id(_request_timeout=TIMEOUT).rich_menu_id == default_id


def test_deleting_a_menu_unlinks_it(
    api: MessagingApi, blob_api: MessagingApiBlob, emu: Emulator, user: User
) -> None:
    rich_menu_id = create_with_image(api, blob_api)
    api.link_rich_menu_id_to_user(user.user_id, rich_menu_id, _request_timeout=TIMEOUT)

    api.delete_rich_menu(rich_menu_id, _request_timeout=TIMEOUT)

    assert api.get_rich_menu_list(_request_timeout=TIMEOUT).richmenus == []
    assert emu.state.user(user.user_id).rich_menu_id is None


def test_aliases(api: MessagingApi, blob_api: MessagingApiBlob) -> None:
    rich_menu_id = create_with_image(api, blob_api)
    alias = CreateRichMenuAliasRequest(rich_menu_alias_id="officer-main", rich_menu_id=rich_menu_id)
    api.create_rich_menu_alias(alias, _request_timeout=TIMEOUT)

    assert api.get_rich_menu_alias("officer-main", _request_timeout=TIMEOUT).rich_menu_id == rich_menu_id
    with pytest.raises(ApiException) as duplicate:
        api.create_rich_menu_alias(alias, _request_timeout=TIMEOUT)
    assert duplicate.value.status == 400


def test_control_api_shows_the_menu_a_user_sees(
    line_emulator: RunningEmulator, api: MessagingApi, blob_api: MessagingApiBlob, user: User
) -> None:
    rich_menu_id = create_with_image(api, blob_api)
    api.set_default_rich_menu(rich_menu_id, _request_timeout=TIMEOUT)

    seen = line_emulator.client.rich_menu(user.user_id)

    assert seen["richMenuId"] == rich_menu_id
    assert seen["imageUrl"] == f"/_emulator/richmenus/{rich_menu_id}/image"
    assert seen["areas"][0]["action"]["data"] == "menu=visit"

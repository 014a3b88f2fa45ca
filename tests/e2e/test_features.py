"""The feature registry: the router's tables come from it, each dialog belongs to one feature, and
every command a feature declares has words that reach it."""

from __future__ import annotations

from dataclasses import replace

from handlers import features, router
from handlers.commands import EXTRA_COMMANDS
from handlers.engine.store import DIALOGS
from nlp.intents import INTENTS
from tests.e2e.conftest import actions_in, all_text


def test_the_router_tables_are_the_registrys():
    assert features.commands() == router.COMMANDS
    assert features.buttons_table() == router.POSTBACKS


def test_every_dialog_belongs_to_exactly_one_feature():
    declared = [dialog.name for feature in features.FEATURES for dialog in feature.dialogs]
    assert sorted(declared) == sorted(DIALOGS) and len(declared) == len(set(declared))


def test_every_command_has_words_and_every_word_a_command():
    intents = {intent for feature in features.FEATURES for intent in feature.commands}
    worded = set(EXTRA_COMMANDS) | set(INTENTS)
    assert intents <= worded, intents - worded
    assert worded - intents == set(), "words for a command no feature offers"


def test_help_for_each_role_is_built_from_the_features_that_serve_it(chat):
    from models.vocabulary import Role
    from tests.e2e.conftest import all_text

    officer = chat.user("เจ้าหน้าที่ สมใจ", Role.OFFICER, "6501")
    reply = all_text(officer.say("วิธีใช้"))
    lines = [line for feature in features.FEATURES for line in feature.help.get(Role.OFFICER, ())]
    assert reply.startswith(features.HELP_TITLES[Role.OFFICER]) and all(line in reply for line in lines)
    assert "• เยี่ยมบ้าน" in reply and "• สรุป" not in reply
    assert features.help_text(Role.ADMIN) == features.help_text(Role.SUPERVISOR)


def test_every_rich_menu_area_sends_a_command_a_feature_offers():
    from handlers import menus
    from handlers.commands import command_of

    offered = features.commands()
    areas = [area for menu in menus.MENUS for row in menu.rows for area in row]
    assert areas and all(command_of(area.command) in offered for area in areas)
    assert [len(row) for row in menus.OFFICER.rows] == [3, 3]


def test_dashboard_typed_opens_the_area_dashboard_for_staff_only(chat, officer):
    villager = chat.user("ประชาชน มาลี")
    assert "สำหรับเจ้าหน้าที่" in all_text(villager.say("แดชบอร์ด"))
    assert "ยังไม่ได้เปิดใช้" in all_text(officer.say("แดชบอร์ด"))

    chat.rt.settings = replace(chat.rt.settings, liff_id="1234567890-AbCdEfGh")
    card = officer.say("แดชบอร์ด")
    uris = [action["uri"] for action in actions_in(card) if action["type"] == "uri"]
    assert uris == ["https://liff.line.me/1234567890-AbCdEfGh"]

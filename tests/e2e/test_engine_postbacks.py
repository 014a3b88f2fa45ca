"""Typed engine buttons: each kind packs and unpacks to itself; a malformed, unknown or unoffered one is a
stale button, answered politely while the draft stays where it was."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from handlers.engine.cursor import Cursor
from handlers.engine.model import Draft
from handlers.engine.postbacks import (
    KINDS,
    AnswerButton,
    ConfirmButton,
    DateButton,
    DiscardButton,
    EditButton,
    MoreButton,
    ResumeButton,
    SubmitButton,
    Tapped,
    unpack,
)
from handlers.incoming import Incoming
from models import utcnow
from tests.e2e.conftest import all_text
from tests.e2e.test_forged_input import draft_key
from tests.e2e.test_visit_dialog import draft_step, start_at_consent

BUTTONS = [
    AnswerButton("consent", "yes"),
    DateButton("visited_on"),
    EditButton("level"),
    ConfirmButton("no"),
    MoreButton("redo"),
    SubmitButton(),
    ResumeButton(),
    DiscardButton(),
]


def postback(data: str) -> Incoming:
    return Incoming("e1", "postback", "user", "U1", "U1", utcnow(), data=data)


@pytest.mark.parametrize("button", BUTTONS, ids=lambda b: b.kind)
def test_every_button_kind_packs_and_unpacks_to_itself(button):
    draft = Draft(SimpleNamespace(), SimpleNamespace(name="visit"), {}, Cursor(key="k" * 32, step="consent"))
    assert unpack(postback(button.pack(draft))) == Tapped("visit", "k" * 32, button)


def test_every_kind_is_known_by_its_prefix():
    assert {type(b) for b in BUTTONS} == set(KINDS.values())


@pytest.mark.parametrize(
    "data",
    ["dlg|ans|visit", "dlg|nosuch|visit|{key}", "dlg|ans|visit|{key}|consent", "dlg|submit|visit|{key}|x"],
)
def test_a_malformed_engine_postback_is_a_stale_button(data):
    assert unpack(postback(data.format(key="k" * 32))).button is None


@pytest.mark.parametrize(
    "tail",
    [
        "ans|consent|maybe",
        "ans|household|hh:1",
        "ans|consent",
        "nosuch",
        "date|consent",
        "more|yes",
        "edit|nosuch",
    ],
)
def test_a_button_the_step_did_not_offer_is_answered_politely(chat, home, officer, tail):
    start_at_consent(officer)
    officer.tap(f"dlg|{tail.split('|')[0]}|visit|{draft_key(chat, officer)}|" + "|".join(tail.split("|")[1:]))
    reply = all_text(officer.last)
    assert "ใช้ไม่ได้แล้ว" in reply and "ขออภัย" not in reply
    assert draft_step(chat, officer) == "consent"

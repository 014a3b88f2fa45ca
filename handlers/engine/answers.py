"""Reading what the user sent into an Answer: typed text, a tapped engine button, a date, a photo, a place."""

from __future__ import annotations

from datetime import date

import nlp
from handlers.engine.model import Answer
from handlers.engine.postbacks import AnswerButton, Button, ConfirmButton, DateButton, MoreButton
from handlers.incoming import Incoming

MORE_ANSWERS = {"yes": ("มีอีก", "มี", "เพิ่ม"), "no": ("ไม่มีแล้ว", "ไม่มี", "พอแล้ว", "หมดแล้ว", "เท่านี้")}


def more_wanted(answer: Answer) -> bool | None:
    """The answer to 'any more?': a tapped button, or typed words like มีอีก / พอแล้ว."""
    if answer.kind == "text" and (said := nlp.match_choice(answer.text, MORE_ANSWERS)):
        return said == "yes"
    return yes_or_no(answer)


def yes_or_no(answer: Answer) -> bool | None:
    if answer.choice in ("yes", "no"):
        return answer.choice == "yes"
    return nlp.parse_yes_no(answer.text) if answer.kind == "text" else None


def answer_of(incoming: Incoming, button: Button | None) -> Answer | None:
    """The answer in an event: a button's value, typed text, a photo or a place; None for anything else."""
    if isinstance(button, DateButton):
        return Answer("date", picked_date=picked_date(incoming.params.get("date")))
    if isinstance(button, AnswerButton):
        return Answer("choice", choice=button.value)
    if isinstance(button, ConfirmButton | MoreButton):
        return Answer("choice", choice=button.answer)
    if button is not None:
        return Answer("choice")
    if incoming.kind == "text":
        return Answer("text", text=nlp.normalize(incoming.text))
    if incoming.kind == "image":
        return Answer("image", message_id=incoming.message_id, image_set=incoming.image_set)
    if incoming.kind == "location":
        return Answer("location", location=incoming.location)
    return None


def picked_date(value: object) -> date | None:
    """A date picker's answer (YYYY-MM-DD); None for anything a real picker would not send."""
    if not isinstance(value, str) or len(value) != len("2026-01-31"):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None

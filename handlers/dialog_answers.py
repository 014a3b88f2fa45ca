"""Reading what the user sent into an Answer: typed text, a tapped engine button, a date, a photo, a place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import nlp
from handlers.dialog_model import Answer
from handlers.incoming import Incoming

MORE_ANSWERS = {"yes": ("มีอีก", "มี", "เพิ่ม"), "no": ("ไม่มีแล้ว", "ไม่มี", "พอแล้ว", "หมดแล้ว", "เท่านี้")}


@dataclass(frozen=True)
class EnginePostback:
    action: str
    dialog: str
    key: str
    args: tuple[str, ...]


def more_wanted(answer: Answer) -> bool | None:
    """The answer to 'any more?': a tapped button, or typed words like มีอีก / พอแล้ว."""
    if answer.kind == "text" and (said := nlp.match_choice(answer.text, MORE_ANSWERS)):
        return said == "yes"
    return yes_or_no(answer)


def yes_or_no(answer: Answer) -> bool | None:
    if answer.choice in ("yes", "no"):
        return answer.choice == "yes"
    return nlp.parse_yes_no(answer.text) if answer.kind == "text" else None


def engine_postback(incoming: Incoming) -> EnginePostback | None:
    if incoming.kind != "postback" or not incoming.data.startswith("dlg|"):
        return None
    parts = incoming.data.split("|")
    if len(parts) < 4:
        return None
    return EnginePostback(action=parts[1], dialog=parts[2], key=parts[3], args=tuple(parts[4:]))


def answer_of(incoming: Incoming, button: EnginePostback | None) -> Answer | None:
    if button is not None:
        return button_answer(incoming, button)
    if incoming.kind == "text":
        return Answer("text", text=nlp.normalize(incoming.text))
    if incoming.kind == "image":
        return Answer("image", message_id=incoming.message_id, image_set=incoming.image_set)
    if incoming.kind == "location":
        return Answer("location", location=incoming.location)
    return None


def button_answer(incoming: Incoming, button: EnginePostback) -> Answer:
    if button.action == "date":
        return Answer("date", picked_date=picked_date(incoming.params.get("date")))
    return Answer("choice", choice=button.args[-1] if button.args else None)


def picked_date(value: object) -> date | None:
    """A date picker's answer (YYYY-MM-DD); None for anything a real picker would not send."""
    if not isinstance(value, str) or len(value) != len("2026-01-31"):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None

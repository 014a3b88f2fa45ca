"""The engine's buttons, typed: one small dataclass per kind, packed into postback data
`dlg|kind|dialog|draft key|fields…` and unpacked again; each knows whether the live draft offered it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar

from handlers.engine.cursor import MORE, SUMMARY
from handlers.engine.model import Draft
from handlers.incoming import Incoming

PREFIX = "dlg"


@dataclass(frozen=True)
class Button:
    kind: ClassVar[str] = ""

    def pack(self, draft: Draft) -> str:
        values = [str(getattr(self, f.name)) for f in fields(self)]
        return "|".join((PREFIX, self.kind, draft.dialog.name, draft.key, *values))

    def offered_in(self, draft: Draft) -> bool:
        """Whether the draft, as it is now, shows this button."""
        raise NotImplementedError


@dataclass(frozen=True)
class AnswerButton(Button):
    """A choice of the current step (declared, or shown by it: search results, villages, dimensions)."""

    kind: ClassVar[str] = "ans"
    step: str
    value: str

    def offered_in(self, draft: Draft) -> bool:
        return self.step == draft.cursor.step and self.value in offered_values(draft)


@dataclass(frozen=True)
class DateButton(Button):
    """The date picker of the current step; the date comes in the event's params."""

    kind: ClassVar[str] = "date"
    step: str

    def offered_in(self, draft: Draft) -> bool:
        step = draft.cursor.step
        return self.step == step and draft.dialog.has_step(step) and bool(draft.dialog.step(step).date_picker)


@dataclass(frozen=True)
class EditButton(Button):
    kind: ClassVar[str] = "edit"
    section: str

    def offered_in(self, draft: Draft) -> bool:
        return self.section in draft.dialog.sections


@dataclass(frozen=True)
class ConfirmButton(Button):
    """ใช่ / ไม่ใช่ of a pending confirmation."""

    kind: ClassVar[str] = "confirm"
    answer: str

    def offered_in(self, draft: Draft) -> bool:
        return draft.cursor.pending is not None and self.answer in ("yes", "no")


@dataclass(frozen=True)
class MoreButton(Button):
    """มีอีก / ไม่มีแล้ว / กรอกใหม่ทั้งหมด of a repeat group."""

    kind: ClassVar[str] = "more"
    answer: str

    def offered_in(self, draft: Draft) -> bool:
        return draft.cursor.step == MORE and self.answer in ("yes", "no", "redo")


@dataclass(frozen=True)
class SubmitButton(Button):
    kind: ClassVar[str] = "submit"

    def offered_in(self, draft: Draft) -> bool:
        return draft.cursor.step == SUMMARY


@dataclass(frozen=True)
class ResumeButton(Button):
    kind: ClassVar[str] = "resume"
    label: ClassVar[str] = "ทำต่อ"

    def offered_in(self, draft: Draft) -> bool:
        return True


@dataclass(frozen=True)
class DiscardButton(Button):
    kind: ClassVar[str] = "discard"

    def offered_in(self, draft: Draft) -> bool:
        return True


KINDS: dict[str, type[Button]] = {
    kind.kind: kind
    for kind in (
        AnswerButton,
        DateButton,
        EditButton,
        ConfirmButton,
        MoreButton,
        SubmitButton,
        ResumeButton,
        DiscardButton,
    )
}


@dataclass(frozen=True)
class Tapped:
    """An engine button as it came back: for which dialog and draft, and which button (None when the
    data is no button this engine makes: it is answered like a stale one)."""

    dialog: str
    key: str
    button: Button | None


def unpack(incoming: Incoming) -> Tapped | None:
    """The engine button in a postback, or None when the postback is not the engine's."""
    if incoming.kind != "postback" or not incoming.data.startswith(PREFIX + "|"):
        return None
    parts = incoming.data.split("|")
    if len(parts) < 4:
        return Tapped("", "", None)
    kind, dialog, key, values = KINDS.get(parts[1]), parts[2], parts[3], parts[4:]
    if kind is None or len(values) != len(fields(kind)):
        return Tapped(dialog, key, None)
    return Tapped(dialog, key, kind(*values))


def offered_values(draft: Draft) -> set[str]:
    """The answers a button of the current step may carry: its declared choices, and the values of the
    buttons the step showed (search results, villages, dimensions) while it was the current question."""
    step = draft.cursor.step
    if not draft.dialog.has_step(step):
        return set()
    shown = draft.cursor.offered
    declared = draft.dialog.step(step).choices
    choices = declared(draft) if callable(declared) else declared
    return {c.value for c in choices} | (set(shown.values) if shown.step == step else set())


def remember_offers(draft: Draft, out: list[Any]) -> None:
    """Notes the values of the current step's answer buttons among the messages sent this turn."""
    step = draft.cursor.step
    prefix = AnswerButton(step, "").pack(draft)
    shown = {data.removeprefix(prefix) for data in _postback_data(out) if data.startswith(prefix)}
    before = draft.cursor.offered
    kept = set(before.values) if before.step == step else set()
    draft.cursor.offered.step, draft.cursor.offered.values = step, sorted(kept | shown)


def _postback_data(node: Any) -> list[str]:
    if isinstance(node, list):
        return [data for child in node for data in _postback_data(child)]
    if not isinstance(node, dict):
        return []
    own = [node["data"]] if node.get("type") == "postback" and isinstance(node.get("data"), str) else []
    return own + [data for value in node.values() for data in _postback_data(value)]

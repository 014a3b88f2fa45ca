"""Asking the current question: its text, its choices, date picker, camera and place buttons, and
back/skip, as quick replies; and 'any more?' for a repeat group."""

from __future__ import annotations

from typing import Any

from handlers import messages
from handlers.engine.cursor import MORE
from handlers.engine.model import Choice, Draft, Step
from handlers.engine.postbacks import AnswerButton, DateButton, MoreButton
from handlers.messages import Message

BACK, SKIP = "ย้อนกลับ", "ข้าม"
REDO = "กรอกใหม่ทั้งหมด"


def choices_of(draft: Draft, step: Step) -> list[Choice]:
    return list(step.choices(draft) if callable(step.choices) else step.choices)


def current_step(draft: Draft) -> Step | None:
    """The question being answered; None at the summary or at 'any more?'."""
    step = draft.cursor.step
    return draft.dialog.step(step) if draft.dialog.has_step(step) else None


def ask(draft: Draft) -> list[Message]:
    """The current question, with its choices, picker and navigation as quick replies."""
    if draft.cursor.step == MORE:
        return ask_more(draft)
    step = current_step(draft)
    if step is None:
        return draft.dialog.summary(draft) if draft.dialog.summary is not None else []
    question = step.ask(draft) if callable(step.ask) else step.ask
    out = [messages.text(question)] if isinstance(question, str) else list(question)
    return attach_quick_replies(out, quick_replies(draft, step))


def attach_quick_replies(out: list[Message], quick: list[dict[str, Any]]) -> list[Message]:
    """Puts the quick replies under the last message, unless it already carries its own."""
    if out and quick and "quickReply" not in out[-1]:
        out[-1] = messages.with_quick_replies(dict(out[-1]), quick)
    return out


def quick_replies(draft: Draft, step: Step) -> list[dict[str, Any]]:
    quick = [
        messages.postback_action(c.label, AnswerButton(step.name, c.value).pack(draft), c.label)
        for c in choices_of(draft, step)
    ]
    if step.date_picker is not None:
        picker = DateButton(step.name).pack(draft)
        quick.append(messages.date_action("เลือกวันที่", picker, **step.date_picker(draft)))
    if "location" in step.accepts:
        quick.append(messages.location_action())
    if "image" in step.accepts:
        quick.extend([messages.camera_action(), messages.camera_roll_action()])
    return (quick + navigation(draft, step))[: messages.MAX_QUICK_REPLIES]


def navigation(draft: Draft, step: Step) -> list[dict[str, Any]]:
    """Skip (for optional steps) and back, offered under every question."""
    quick = [messages.message_action(SKIP)] if step.optional else []
    if draft.cursor.history:
        quick.append(messages.message_action(BACK))
    return quick


def ask_more(draft: Draft, question: str | None = None) -> list[Message]:
    group = draft.dialog.group(draft.cursor.more or "")
    buttons = [
        messages.postback_action("มีอีก", MoreButton("yes").pack(draft), "มีอีก"),
        messages.postback_action("ไม่มีแล้ว", MoreButton("no").pack(draft), "ไม่มีแล้ว"),
    ]
    if question is not None:
        buttons.append(messages.postback_action(REDO, MoreButton("redo").pack(draft), REDO))
    return [messages.text(question or group.more, buttons)]

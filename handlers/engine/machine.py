"""The dialog engine: one for every multi-step conversation (visit report, linking, help request).

It owns what no single dialog should: back, skip, cancel (confirmed when something was entered),
help for the step, re-asking with an example, confirming unusual answers, edit-from-summary,
resuming an old draft, side trips, and stale or replayed buttons. A step's parser only says what it
made of the answer (`Result`); the machine applies it to the draft.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import nlp
from handlers.commands import CONSENT_COMMANDS, ENGINE_COMMANDS, command_in, is_side_trip
from handlers.context import Context
from handlers.engine import asking, store
from handlers.engine import navigation as nav
from handlers.engine.answers import answer_of, more_wanted
from handlers.engine.cursor import MORE, SUMMARY
from handlers.engine.model import Answer, Dialog, Draft
from handlers.engine.moves import close, command, confirmation, current
from handlers.engine.postbacks import (
    DiscardButton,
    EditButton,
    MoreButton,
    ResumeButton,
    SubmitButton,
    Tapped,
    remember_offers,
    unpack,
)
from handlers.engine.summary import at_summary, offer_resume, orphan
from handlers.engine.taking import answered_later, names_a_choice, take, with_choice
from handlers.incoming import Incoming
from handlers.messages import Message, text

RESUME_AFTER = timedelta(minutes=30)

WRONG_KIND = "ตอนนี้ยังไม่ต้องส่ง{kind}ค่ะ"
KIND_NAMES = {"image": "รูป", "location": "ตำแหน่ง", "sticker": "สติกเกอร์", "text": "ข้อความ"}
DISCARDED = "ทิ้งร่าง{title}แล้วค่ะ"
STALE_BUTTON = "ปุ่มนี้มาจากคำถามก่อนหน้า ใช้ไม่ได้แล้วค่ะ"
UNREADABLE = "ร่างที่ทำค้างไว้เปิดต่อไม่ได้แล้วค่ะ (ระบบปรับปรุงใหม่) กรุณาเริ่มใหม่อีกครั้งนะคะ"


def start(
    ctx: Context,
    dialog: Dialog,
    answers: dict[str, Any] | None = None,
    at_step: str | None = None,
    park: bool = False,
) -> list[Message]:
    """Starts dialog for the user; answers may fill the first steps. The draft they had is replaced,
    or with park=True (a side trip) kept aside and given back when this dialog ends."""
    draft = _new_draft(ctx, dialog, answers, park)
    return settle(draft, nav.begin(draft, at_step))


def start_answered(ctx: Context, dialog: Dialog, said: str, park: bool = False) -> list[Message]:
    """Starts dialog and takes said as the answer to its first question: a command typed together
    with what it would ask for (ค้นหา สมชาย)."""
    draft = _new_draft(ctx, dialog, None, park)
    nav.begin(draft)
    step = asking.current_step(draft)
    assert step is not None, "a dialog starts with a question"
    return settle(draft, take(draft, step, Answer("text", text=said)))


def _new_draft(ctx: Context, dialog: Dialog, answers: dict[str, Any] | None, park: bool) -> Draft:
    """A new draft replacing the user's, or with park=True keeping theirs aside to be given back."""
    waiting = current(ctx) if park else None
    draft = store.new_draft(ctx, dialog, answers)
    if waiting is not None and waiting.dialog is not dialog:
        draft.cursor.parked = store.parked_form(waiting)
    return draft


def handle(ctx: Context, incoming: Incoming) -> list[Message] | None:
    """Answers the user's draft; None when there is no draft or the message is a side trip."""
    tapped = unpack(incoming)
    loaded = store.load(ctx)
    draft = loaded.draft
    if draft is None:
        if loaded.unreadable:
            return [text(UNREADABLE)]
        return orphan(ctx, tapped) if tapped else None
    if tapped and (tapped.dialog != draft.dialog.name or tapped.key != draft.key):
        return orphan(ctx, tapped) or [text(STALE_BUTTON), *asking.ask(draft)]
    if tapped and isinstance(tapped.button, ResumeButton | DiscardButton):
        return _resume_or_discard(draft, isinstance(tapped.button, ResumeButton))
    if incoming.kind == "postback" and tapped is None:
        return None
    updated_at = loaded.updated_at
    if updated_at and ctx.now - updated_at > RESUME_AFTER and not draft.cursor.resume_offered:
        draft.cursor.resume_offered = True
        return settle(draft, offer_resume(draft, updated_at))
    draft.cursor.resume_offered = False
    if tapped and (tapped.button is None or not tapped.button.offered_in(draft)):
        return settle(draft, [text(STALE_BUTTON), *asking.ask(draft)])
    answer = answer_of(incoming, tapped.button if tapped else None)
    if answer is None:
        return settle(draft, _wrong_kind(draft, incoming.kind))
    return _respond(draft, incoming, answer, tapped)


def _respond(draft: Draft, incoming: Incoming, answer: Answer, tapped: Tapped | None) -> list[Message] | None:
    button = tapped.button if tapped else None
    if draft.cursor.pending is not None:
        return settle(draft, confirmation(draft, answer))
    at_more = draft.cursor.step == MORE
    if at_more and isinstance(button, MoreButton) and button.answer == "redo" and draft.cursor.return_to:
        return settle(draft, nav.redo_group(draft))
    if at_more and (wants := more_wanted(answer)) is not None:
        return settle(draft, nav.more_answered(draft, wants))
    named = names_a_choice(draft, answer)
    intent = command_in(draft.ctx, incoming) if answer.kind == "text" and not named else None
    if intent in ENGINE_COMMANDS:
        return settle(draft, command(draft, intent))
    if (is_side_trip(intent) or _consent_elsewhere(draft, answer, intent)) and not _free_text(draft):
        return None
    if at_more:
        return settle(draft, asking.ask(draft))
    if _open_question(draft) and (typed_navigation := _navigation_typed(draft, answer, intent)) is not None:
        return settle(draft, typed_navigation)
    if isinstance(button, EditButton):
        return settle(draft, nav.edit(draft, button.section))
    step = asking.current_step(draft)
    if step is None:
        return settle(draft, at_summary(draft, intent, isinstance(button, SubmitButton)))
    if answer.kind == "image" and "image" not in step.accepts and draft.dialog.on_image:
        return settle(draft, draft.dialog.on_image(draft, answer))
    if answer.kind not in step.accepts and not (answer.kind == "date" and step.date_picker):
        return settle(draft, _wrong_kind(draft, answer.kind))
    answer = with_choice(draft, step, answer)
    later = answered_later(draft, step, answer)
    return settle(draft, later if later is not None else take(draft, step, answer))


def _wrong_kind(draft: Draft, kind: str) -> list[Message]:
    return [text(WRONG_KIND.format(kind=KIND_NAMES.get(kind, "สิ่งนี้"))), *asking.ask(draft)]


def _navigation_typed(draft: Draft, answer: Answer, intent: str | None) -> list[Message] | None:
    """Words of the dialog's own buttons typed at a question without choices are not its answer: ยืนยัน goes on
    as ข้าม would (towards the summary, where the report is confirmed), ทำต่อ asks the question again."""
    if intent == "confirm":
        return command(draft, "skip")
    if nlp.normalize(answer.text) == ResumeButton.label:
        return asking.ask(draft)
    return None


def _open_question(draft: Draft) -> bool:
    """A question answered in the user's own words (notes, a problem's detail), with no choices."""
    step = asking.current_step(draft)
    return step is not None and not step.choices and "text" in step.accepts


def _free_text(draft: Draft) -> bool:
    step = asking.current_step(draft)
    return step is not None and step.free_text


def _consent_elsewhere(draft: Draft, answer: Answer, intent: str | None) -> bool:
    """ยินยอม / ไม่ยินยอม where the question does not offer it: the user's own consent, not an answer."""
    if intent not in CONSENT_COMMANDS:
        return False
    step = asking.current_step(draft)
    return step is None or with_choice(draft, step, answer).choice is None


def settle(draft: Draft, out: list[Message]) -> list[Message]:
    """Saves the draft after every turn; a finished dialog without a summary is submitted here."""
    if draft.closed:
        return out
    if draft.cursor.step == SUMMARY and draft.dialog.summary is None:
        return close(draft, [*out, *draft.dialog.submit(draft)])
    remember_offers(draft, out)
    store.save(draft)
    return out


def _resume_or_discard(draft: Draft, resume: bool) -> list[Message]:
    if resume:
        draft.cursor.resume_offered = False
        return settle(draft, asking.ask(draft))
    return close(draft, [text(DISCARDED.format(title=draft.dialog.title))])


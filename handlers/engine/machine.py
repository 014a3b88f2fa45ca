"""The dialog engine: one for every multi-step conversation (visit report, linking, help request).

It owns what no single dialog should: back, skip, cancel (confirmed when something was entered),
help for the step, re-asking with an example, confirming unusual answers, edit-from-summary,
resuming an old draft, side trips, and stale or replayed buttons. A step's parser only says what it
made of the answer (`Result`); the machine applies it to the draft.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import nlp
from handlers.commands import CONSENT_COMMANDS, ENGINE_COMMANDS, command_in, is_side_trip
from handlers.context import Context
from handlers.engine import navigation as nav
from handlers.engine import store
from handlers.engine.answers import answer_of, more_wanted, yes_or_no
from handlers.engine.cursor import MORE, SUMMARY, Pending
from handlers.engine.model import (
    Answer,
    Back,
    Confirm,
    Dialog,
    Draft,
    NoMore,
    Offer,
    Reask,
    Step,
    Value,
    as_result,
)
from handlers.engine.moves import close, command, confirmation, current, yes_no_question
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
from handlers.incoming import Incoming
from handlers.messages import Message, text

RESUME_AFTER = timedelta(minutes=30)

EXAMPLE = "\nตัวอย่าง: {example}"
PICK_ONE = "กรุณาเลือกจากตัวเลือกด้านล่าง หรือพิมพ์ให้ตรงกับตัวเลือกค่ะ"
WRONG_KIND = "ตอนนี้ยังไม่ต้องส่ง{kind}ค่ะ"
KIND_NAMES = {"image": "รูป", "location": "ตำแหน่ง", "sticker": "สติกเกอร์", "text": "ข้อความ"}
DISCARDED = "ทิ้งร่าง{title}แล้วค่ะ"
STALE_BUTTON = "ปุ่มนี้มาจากคำถามก่อนหน้า ใช้ไม่ได้แล้วค่ะ"
UNREADABLE = "ขออภัยค่ะ ร่างที่ทำค้างไว้เปิดต่อไม่ได้แล้ว (ระบบปรับปรุงใหม่) กรุณาเริ่มใหม่อีกครั้งนะคะ"
PICKED_DATE = "เลือกวันที่ {day} ค่ะ"


def start(
    ctx: Context,
    dialog: Dialog,
    answers: dict[str, Any] | None = None,
    at_step: str | None = None,
    park: bool = False,
) -> list[Message]:
    """Starts dialog for the user; answers may fill the first steps. The draft they had is replaced,
    or with park=True (a side trip) kept aside and given back when this dialog ends."""
    waiting = current(ctx) if park else None
    draft = store.new_draft(ctx, dialog, answers)
    if waiting is not None and waiting.dialog is not dialog:
        draft.cursor.parked = store.parked_form(waiting)
    return settle(draft, nav.begin(draft, at_step))


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
        return orphan(ctx, tapped) or [text(STALE_BUTTON), *nav.ask(draft)]
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
        return settle(draft, [text(STALE_BUTTON), *nav.ask(draft)])
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
    named = _names_a_choice(draft, answer)
    intent = command_in(draft.ctx, incoming) if answer.kind == "text" and not named else None
    if intent in ENGINE_COMMANDS:
        return settle(draft, command(draft, intent))
    if (is_side_trip(intent) or _consent_elsewhere(draft, answer, intent)) and not _free_text(draft):
        return None
    if at_more:
        return settle(draft, nav.ask(draft))
    if isinstance(button, EditButton):
        return settle(draft, nav.edit(draft, button.section))
    step = nav.current_step(draft)
    if step is None:
        return settle(draft, at_summary(draft, intent, isinstance(button, SubmitButton)))
    if answer.kind == "image" and "image" not in step.accepts and draft.dialog.on_image:
        return settle(draft, draft.dialog.on_image(draft, answer))
    if answer.kind not in step.accepts and not (answer.kind == "date" and step.date_picker):
        return settle(draft, _wrong_kind(draft, answer.kind))
    answer = _with_choice(draft, step, answer)
    later = _answered_later(draft, step, answer)
    return settle(draft, later if later is not None else _take(draft, step, answer))


def _names_a_choice(draft: Draft, answer: Answer) -> bool:
    """Typed text that is, word for word, a label of the question's own buttons ("ไม่ระบุ", "ไม่มี"): an
    answer, even where the same words would otherwise be a command (ข้าม, ยกเลิก)."""
    step = nav.current_step(draft)
    if step is None or answer.kind != "text":
        return False
    names = {name.replace(" ", "") for c in nav.choices_of(draft, step) for name in (c.label, *c.aliases)}
    return answer.text.replace(" ", "") in names


def _wrong_kind(draft: Draft, kind: str) -> list[Message]:
    return [text(WRONG_KIND.format(kind=KIND_NAMES.get(kind, "สิ่งนี้"))), *nav.ask(draft)]


def _answered_later(draft: Draft, step: Step, answer: Answer) -> list[Message] | None:
    """Typed text that is none of the step's choices but the answer of a step a choice leads to: that
    choice is taken and the text answers its step. None when no such step reads the text."""
    if answer.kind != "text" or answer.choice is not None:
        return None
    for choice in nav.choices_of(draft, step):
        if choice.then is not None and _reads(draft, draft.dialog.step(choice.then), answer):
            nav.take_choice(draft, choice)
            target = nav.current_step(draft)
            return _take(draft, target, answer) if target and target.name == choice.then else nav.ask(draft)
    return None


def _reads(draft: Draft, step: Step, answer: Answer) -> bool:
    """Whether step's parser takes the answer as a plain value (a parser changes nothing, so asking
    it outside its turn is safe)."""
    return isinstance(_parse(draft, step, answer), Value)


def _parse(draft: Draft, step: Step, answer: Answer) -> Any:
    if step.parse is not None:
        return as_result(step.parse(draft, answer))
    return Reask(PICK_ONE) if answer.choice is None else Value(answer.choice)


def _take(draft: Draft, step: Step, answer: Answer) -> list[Message]:
    """Applies what the step's parser made of the answer."""
    result = _parse(draft, step, answer)
    if isinstance(result, Reask):
        example = result.example or step.example
        return [text(result.problem + (EXAMPLE.format(example=example) if example else "")), *nav.ask(draft)]
    if isinstance(result, Confirm):
        draft.cursor.pending = Pending("value", result.value)
        return [yes_no_question(draft, result.question)]
    if isinstance(result, Offer):
        nav.hold(draft, dict(result.hold))
        return nav.attach_quick_replies(list(result.messages), nav.quick_replies(draft, step))
    if isinstance(result, Back):
        return nav.back(draft) or nav.ask(draft)
    if isinstance(result, NoMore):
        return _heard(draft, step, answer, None) + nav.end_group(draft)
    nav.hold(draft, dict(result.also))
    nav.store(draft, result.value)
    return _heard(draft, step, answer, result.value) + nav.forward(draft)


def _heard(draft: Draft, step: Step, answer: Answer, value: Any) -> list[Message]:
    """How a typed answer was read; a picked date is said back too, as a date picker leaves nothing
    in the user's chat (LINE allows it no displayText)."""
    if answer.kind == "date" and answer.picked_date:
        return [text(PICKED_DATE.format(day=nlp.thai_date(answer.picked_date)))]
    if step.echo is None or answer.kind != "text":
        return []
    said = step.echo(draft, value)
    return [text(said)] if said else []


def _free_text(draft: Draft) -> bool:
    step = nav.current_step(draft)
    return step is not None and step.free_text


def _consent_elsewhere(draft: Draft, answer: Answer, intent: str | None) -> bool:
    """ยินยอม / ไม่ยินยอม where the question does not offer it: the user's own consent, not an answer."""
    if intent not in CONSENT_COMMANDS:
        return False
    step = nav.current_step(draft)
    return step is None or _with_choice(draft, step, answer).choice is None


def _with_choice(draft: Draft, step: Step, answer: Answer) -> Answer:
    """Typed text that matches one of the step's choices counts as tapping it. The choice that ends a
    group ("ไม่มีปัญหาใหม่") is chosen by any typed no, and by nothing else: "ไม่มีคนดูแล" names a
    problem, not the end of them."""
    if answer.choice is not None or answer.kind != "text":
        return answer
    choices = nav.choices_of(draft, step)
    options = {c.value: (c.label, *c.aliases) for c in choices}
    chosen = nlp.match_choice(answer.text, options) if options else None
    ending = next((c.value for c in choices if c.ends), None)
    if ending is not None:
        chosen = ending if yes_or_no(answer) is False else (None if chosen == ending else chosen)
    return replace(answer, choice=chosen) if chosen else answer


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
        return settle(draft, nav.ask(draft))
    return close(draft, [text(DISCARDED.format(title=draft.dialog.title))])


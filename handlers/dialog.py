"""The dialog engine: one for every multi-step conversation (visit report, linking, help request).

It owns what no single dialog should: back, skip, cancel (confirmed when something was entered),
help for the step, re-asking with an example, confirming unusual answers, edit-from-summary,
resuming an old draft, side trips, and stale or replayed buttons. The global commands, yes/no
confirmations and closing a draft are in `dialog_commands`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import nlp
from handlers import dialog_flow as flow
from handlers import dialog_store
from handlers.commands import ENGINE_COMMANDS, command_of, is_side_trip
from handlers.context import Context
from handlers.dialog_answers import EnginePostback, answer_of, engine_postback, more_wanted, yes_or_no
from handlers.dialog_commands import close, command, confirmation, current, yes_no_question
from handlers.dialog_commands import resume_hint as resume_hint
from handlers.dialog_model import END_GROUP, Answer, Confirm, Dialog, Draft, GoBack, Offer, Reask, Step
from handlers.incoming import Incoming
from handlers.messages import Message, postback_action, text

RESUME_AFTER = timedelta(minutes=30)

EXAMPLE = "\nตัวอย่าง: {example}"
PICK_ONE = "กรุณาเลือกจากตัวเลือกด้านล่าง หรือพิมพ์ให้ตรงกับตัวเลือกค่ะ"
WRONG_KIND = "ตอนนี้ยังไม่ต้องส่ง{kind}ค่ะ"
KIND_NAMES = {"image": "รูป", "location": "ตำแหน่ง", "sticker": "สติกเกอร์", "text": "ข้อความ"}
OLD_DRAFT = "คุณมี{title}ที่ยังทำไม่เสร็จ (ค้างไว้ตั้งแต่ {when}) จะทำต่อหรือทิ้งร่างนี้คะ"
DISCARDED = "ทิ้งร่าง{title}แล้วค่ะ"
STALE_BUTTON = "ปุ่มนี้มาจากคำถามก่อนหน้า ใช้ไม่ได้แล้วค่ะ"
EXPIRED_BUTTON = "ปุ่มนี้ใช้ไม่ได้แล้วค่ะ (รายการนั้นเสร็จหรือถูกยกเลิกไปแล้ว)"
PICKED_DATE = "เลือกวันที่ {day} ค่ะ"
SUMMARY_HINT = 'กด "ยืนยัน" เพื่อส่ง หรือ "แก้ไข" ที่หัวข้อที่ต้องการเปลี่ยนค่ะ'


def start(
    ctx: Context,
    dialog: Dialog,
    data: dict[str, Any] | None = None,
    at_step: str | None = None,
    park: bool = False,
) -> list[Message]:
    """Starts dialog for the user; data may answer the first steps. The draft they had is replaced,
    or with park=True (a side trip) kept aside and given back when this dialog ends."""
    waiting = current(ctx) if park else None
    if waiting is not None and waiting.dialog is not dialog:
        data = {
            **(data or {}),
            "_parked": {"dialog": waiting.dialog.name, "step": waiting.step, "data": waiting.data},
        }
    draft = dialog_store.new_draft(ctx, dialog, data)
    return _settle(draft, flow.begin(draft, at_step))


def handle(ctx: Context, incoming: Incoming) -> list[Message] | None:
    """Answers the user's draft; None when there is no draft or the message is a side trip."""
    button = engine_postback(incoming)
    loaded = dialog_store.load(ctx)
    if loaded is None:
        return _orphan(ctx, button) if button else None
    draft, updated_at = loaded
    if button and (button.dialog != draft.dialog.name or button.key != draft.key):
        return _orphan(ctx, button) or [text(STALE_BUTTON), *flow.ask(draft)]
    if button and button.action in ("resume", "discard"):
        return _resume_or_discard(draft, button.action == "resume")
    if incoming.kind == "postback" and button is None:
        return None
    if ctx.now - updated_at > RESUME_AFTER and not draft.data.get("_offered"):
        return _offer_resume(draft, updated_at)
    draft.data.pop("_offered", None)
    answer = answer_of(incoming, button)
    if answer is None:
        return _settle(
            draft, [text(WRONG_KIND.format(kind=KIND_NAMES.get(incoming.kind, "สิ่งนี้"))), *flow.ask(draft)]
        )
    return _respond(draft, answer, button)


def _respond(draft: Draft, answer: Answer, button: EnginePostback | None) -> list[Message] | None:
    if button and not _offered(draft, button):
        return _settle(draft, [text(STALE_BUTTON), *flow.ask(draft)])
    if "_confirm" in draft.data:
        return _settle(draft, confirmation(draft, answer))
    if draft.step == flow.MORE_QUESTION and answer.choice == "redo" and draft.data.get("_return"):
        return _settle(draft, flow.redo_group(draft))
    if draft.step == flow.MORE_QUESTION and (wants := more_wanted(answer)) is not None:
        return _settle(draft, flow.more_answered(draft, wants))
    intent = command_of(answer.text) if answer.kind == "text" and not _typed_label(draft, answer) else None
    if intent in ENGINE_COMMANDS:
        return _settle(draft, command(draft, intent))
    if is_side_trip(intent) and not _free_text(draft):
        return None
    if draft.step == flow.MORE_QUESTION:
        return _settle(draft, flow.ask(draft))
    if button and button.action == "edit":
        return _settle(draft, flow.edit(draft, button.args[0]))
    if draft.step == flow.SUMMARY:
        return _at_summary(draft, intent, button)
    step = draft.dialog.step(draft.step)
    if answer.kind == "image" and "image" not in step.accepts and draft.dialog.on_image:
        return _settle(draft, draft.dialog.on_image(draft, answer))
    if answer.kind not in step.accepts and not (answer.kind == "date" and step.date_picker):
        return _settle(
            draft, [text(WRONG_KIND.format(kind=KIND_NAMES.get(answer.kind, "สิ่งนี้"))), *flow.ask(draft)]
        )
    return _settle(draft, _take(draft, _with_choice(draft, answer)))


def _typed_label(draft: Draft, answer: Answer) -> bool:
    """The text is exactly a button label of the current question: that button, even where the words
    would also be a command (ไม่ระบุ is not ข้าม)."""
    if draft.step in (flow.SUMMARY, flow.MORE_QUESTION):
        return False
    said = nlp.normalize(answer.text).replace(" ", "")
    labels = (c.label for c in flow.choices_of(draft, draft.dialog.step(draft.step)))
    return any(said == nlp.normalize(label).replace(" ", "") for label in labels)


def _offered(draft: Draft, button: EnginePostback) -> bool:
    """Whether this draft showed the button as it is now: an answer of the current step with a value the
    step offered, a section to edit, or a yes/no, more or submit button in its place."""
    action, args = button.action, button.args
    if action == "edit":
        return bool(args) and args[0] in draft.dialog.sections
    if action in ("confirm", "more", "submit"):
        wanted = {"confirm": "_confirm" in draft.data, "more": draft.step == flow.MORE_QUESTION}
        return wanted.get(action, draft.step == flow.SUMMARY)
    if action not in ("ans", "date") or args[:1] != (draft.step,) or draft.step.startswith("_"):
        return False
    step = draft.dialog.step(draft.step)
    return step.date_picker is not None if action == "date" else args[-1] in flow.offered(draft, step)


def _take(draft: Draft, answer: Answer) -> list[Message]:
    step = draft.dialog.step(draft.step)
    try:
        value = step.parse(draft, answer) if step.parse else _chosen(answer)
    except Reask as problem:
        example = (
            EXAMPLE.format(example=problem.example or step.example)
            if (problem.example or step.example)
            else ""
        )
        return [text(problem.problem + example), *flow.ask(draft)]
    except Confirm as unusual:
        draft.data["_confirm"] = {"kind": "value", "value": unusual.value}
        return [yes_no_question(draft, unusual.question)]
    except Offer as offer:
        return flow.attach_quick_replies(list(offer.messages), flow.quick_replies(draft, step))
    except GoBack:
        return flow.back(draft) or flow.ask(draft)
    if value == END_GROUP:
        return flow.forward(draft, value)
    flow.store(draft, value)
    return _heard(draft, step, answer, value) + flow.forward(draft, value)


def _heard(draft: Draft, step: Step, answer: Answer, value: Any) -> list[Message]:
    """How a typed answer was read; a picked date is said back too, as a date picker leaves nothing
    in the user's chat (LINE allows it no displayText)."""
    if answer.kind == "date" and answer.picked_date:
        return [text(PICKED_DATE.format(day=nlp.thai_date(answer.picked_date)))]
    return [text(step.echo(draft, value))] if step.echo and answer.kind == "text" and value else []


def _free_text(draft: Draft) -> bool:
    return draft.step in {s.name for s in draft.dialog.steps} and draft.dialog.step(draft.step).free_text


def _chosen(answer: Answer) -> str:
    if answer.choice is None:
        raise Reask(PICK_ONE)
    return answer.choice


def _with_choice(draft: Draft, answer: Answer) -> Answer:
    """Typed text that matches one of the step's choices counts as tapping it. The choice that ends a
    group ("ไม่มีปัญหาใหม่") is chosen by any typed no, and by nothing else: "ไม่มีคนดูแล" names a
    problem, not the end of them."""
    if answer.choice is not None or answer.kind != "text":
        return answer
    options = {c.value: (c.label, *c.aliases) for c in flow.choices_of(draft, draft.dialog.step(draft.step))}
    chosen = nlp.match_choice(answer.text, options) if options else None
    if END_GROUP in options:
        chosen = END_GROUP if yes_or_no(answer) is False else (None if chosen == END_GROUP else chosen)
    return replace(answer, choice=chosen) if chosen else answer


def _at_summary(draft: Draft, intent: str | None, button: EnginePostback | None) -> list[Message]:
    if (button and button.action == "submit") or intent == "confirm":
        return close(draft, draft.dialog.submit(draft))
    if intent == "edit":
        edits = [
            postback_action(label, flow.postback(draft, "edit", section), f"แก้ไข{label}")
            for section, label in draft.dialog.sections.items()
        ]
        return [text("ต้องการแก้ไขหัวข้อไหนคะ", edits)]
    return _settle(draft, [text(SUMMARY_HINT), *flow.ask(draft)])


def _settle(draft: Draft, out: list[Message]) -> list[Message]:
    """Saves the draft after every turn; a finished dialog without a summary is submitted here."""
    if draft.closed:
        return out
    if draft.step == flow.SUMMARY and draft.dialog.summary is None:
        return close(draft, [*out, *draft.dialog.submit(draft)])
    flow.remember_offers(draft, out)
    dialog_store.save(draft)
    return out


def _offer_resume(draft: Draft, updated_at: Any) -> list[Message]:
    draft.data["_offered"] = True
    when = nlp.thai_datetime(updated_at)
    buttons = [
        postback_action("ทำต่อ", flow.postback(draft, "resume"), "ทำต่อ"),
        postback_action("ทิ้งร่าง", flow.postback(draft, "discard"), "ทิ้งร่าง"),
    ]
    return _settle(draft, [text(OLD_DRAFT.format(title=draft.dialog.title, when=when), buttons)])


def _resume_or_discard(draft: Draft, resume: bool) -> list[Message]:
    if resume:
        draft.data.pop("_offered", None)
        return _settle(draft, flow.ask(draft))
    return close(draft, [text(DISCARDED.format(title=draft.dialog.title))])


def _orphan(ctx: Context, button: EnginePostback) -> list[Message] | None:
    """A button of a draft that is gone: a submitted draft answers with its receipt again."""
    dialog = dialog_store.DIALOGS.get(button.dialog)
    if button.action == "submit" and dialog and dialog.receipt:
        receipt = dialog.receipt(ctx, button.key)
        if receipt:
            return receipt
    return [text(EXPIRED_BUTTON)]

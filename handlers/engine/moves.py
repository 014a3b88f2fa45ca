"""The engine's own commands (cancel, back, skip, help), its yes/no confirmations, and how a draft ends:
its row goes, or the draft parked for a side trip comes back with a hint."""

from __future__ import annotations

from handlers.context import Context
from handlers.engine import asking, store
from handlers.engine import navigation as nav
from handlers.engine.answers import yes_or_no
from handlers.engine.cursor import MORE, Pending
from handlers.engine.model import Answer, Draft, Step
from handlers.engine.postbacks import ConfirmButton, ResumeButton
from handlers.messages import Message, message_action, postback_action, text

CANCEL_QUESTION = "ยกเลิก{title}นี้ใช่ไหมคะ ข้อมูลที่กรอกไว้จะหายไป"
CANCELLED = "ยกเลิก{title}แล้วค่ะ"
NOT_CANCELLED = "ทำต่อจากเดิมค่ะ"
CANNOT_SKIP = "ข้อนี้จำเป็นต้องตอบ ข้ามไม่ได้ค่ะ"
NOTHING_BEFORE = "นี่เป็นคำถามแรกแล้วค่ะ"
SUMMARY_HELP = 'ตรวจสรุปด้านบน แล้วกด "ยืนยัน" เพื่อส่ง หรือ "แก้ไข" ที่หัวข้อที่ต้องการเปลี่ยนค่ะ'
MORE_HELP = 'กด "มีอีก" เพื่อเพิ่มอีกรายการ หรือ "ไม่มีแล้ว" เพื่อไปข้อต่อไปค่ะ'
HELP_CHOICES = 'ข้อนี้กดเลือกจากปุ่มด้านล่าง (เช่น "{first}") หรือพิมพ์ตอบเองค่ะ'
HELP_DATE = 'พิมพ์วันที่ (เช่น วันนี้ · เมื่อวาน · 5 ม.ค.) หรือกด "เลือกวันที่"'
HELP_PHOTO = 'ส่งรูปได้โดยกด "ถ่ายรูป" หรือ "เลือกรูป"'
HELP_PLACE = 'กด "ส่งตำแหน่ง" เพื่อส่งตำแหน่งที่อยู่ตอนนี้'
HELP_TYPE = "ข้อนี้พิมพ์คำตอบสั้น ๆ ได้เลยค่ะ"
HELP_EXAMPLE = "ตัวอย่าง: {example}"
HELP_MOVES = "พิมพ์ ย้อนกลับ = กลับไปข้อก่อน{skip} · ยกเลิก = ยกเลิก{title}"
HELP_SKIP = " · ข้าม = ข้ามข้อนี้"
ANSWER_YES_OR_NO = "กรุณาตอบ ใช่ หรือ ไม่ใช่ ค่ะ"
RESUME_HINT = 'คุณยังมี{title}ค้างอยู่ กด "ทำต่อ" เพื่อกลับไปที่ขั้นเดิม หรือ "ยกเลิก" เพื่อทิ้งร่างค่ะ'


def current(ctx: Context) -> Draft | None:
    """The user's draft, as opened this turn."""
    return store.load(ctx).draft


def resume_hint(ctx: Context) -> list[Message]:
    """After a side trip: a reminder that a draft waits, with a button back to it."""
    draft = current(ctx)
    if draft is None:
        return []
    action = postback_action(ResumeButton.label, ResumeButton().pack(draft), ResumeButton.label)
    return [text(RESUME_HINT.format(title=draft.dialog.title), [action, message_action("ยกเลิก")])]


def command(draft: Draft, intent: str | None) -> list[Message]:
    title = draft.dialog.title
    if intent == "cancel":
        if has_answers(draft):
            draft.cursor.pending = Pending("cancel")
            return [yes_no_question(draft, CANCEL_QUESTION.format(title=title))]
        return close(draft, [text(CANCELLED.format(title=title))])
    if intent == "back":
        return nav.back(draft) or [text(NOTHING_BEFORE), *asking.ask(draft)]
    step = asking.current_step(draft)
    if intent == "skip":
        if step is None or not step.optional:
            return [text(CANNOT_SKIP), *asking.ask(draft)]
        nav.store(draft, None)
        return nav.forward(draft)
    if step is None:
        return [text(MORE_HELP if draft.cursor.step == MORE else SUMMARY_HELP), *asking.ask(draft)]
    return [text(step_help(draft, step)), *asking.ask(draft)]


def step_help(draft: Draft, step: Step) -> str:
    """วิธีใช้ inside a question: what to answer there (its own help, else what its buttons and pickers
    take), an example, and how to go back, skip or cancel."""
    lines = [step.help] if step.help else _how_to_answer(draft, step)
    if step.example:
        lines.append(HELP_EXAMPLE.format(example=step.example))
    moves = HELP_MOVES.format(skip=HELP_SKIP if step.optional else "", title=draft.dialog.title)
    return "\n".join([*lines, moves])


def _how_to_answer(draft: Draft, step: Step) -> list[str]:
    choices = asking.choices_of(draft, step)
    lines = [HELP_CHOICES.format(first=choices[0].label)] if choices else []
    if step.date_picker is not None:
        lines.append(HELP_DATE)
    if "image" in step.accepts:
        lines.append(HELP_PHOTO)
    if "location" in step.accepts:
        lines.append(HELP_PLACE)
    return lines or [HELP_TYPE]


def confirmation(draft: Draft, answer: Answer) -> list[Message]:
    """The answer to a pending yes/no: cancel the draft, or take the unusual value."""
    wants = yes_or_no(answer)
    pending = draft.cursor.pending
    if wants is None or pending is None:
        return [yes_no_question(draft, ANSWER_YES_OR_NO)]
    draft.cursor.pending = None
    if pending.kind == "cancel":
        if wants:
            return close(draft, [text(CANCELLED.format(title=draft.dialog.title))])
        return [text(NOT_CANCELLED), *asking.ask(draft)]
    if not wants:
        return asking.ask(draft)
    nav.store(draft, pending.value)
    return nav.forward(draft)


def close(draft: Draft, out: list[Message]) -> list[Message]:
    """The draft is finished (submitted, cancelled or discarded): its row goes, and a draft parked
    for this side trip comes back."""
    draft.closed = True
    parked = store.unparked(draft.ctx, draft.cursor.parked) if draft.cursor.parked else None
    if parked is None:
        store.delete(draft.ctx)
        return out
    store.save(parked)
    return out + resume_hint(draft.ctx)


def has_answers(draft: Draft) -> bool:
    return bool(draft.answers) or bool(draft.cursor.history)


def yes_no_question(draft: Draft, question: str) -> Message:
    return text(
        question,
        [
            postback_action("ใช่", ConfirmButton("yes").pack(draft), "ใช่"),
            postback_action("ไม่ใช่", ConfirmButton("no").pack(draft), "ไม่ใช่"),
        ],
    )

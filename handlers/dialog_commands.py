"""The dialog engine's global commands (cancel, back, skip, help), its yes/no confirmations, and how
a draft ends: its row goes, or the draft parked for a side trip comes back with a hint."""

from __future__ import annotations

from handlers import dialog_flow as flow
from handlers import dialog_store
from handlers.context import Context
from handlers.dialog_answers import yes_or_no
from handlers.dialog_model import Answer, Draft, Step
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
    loaded = dialog_store.load(ctx)
    return loaded[0] if loaded else None


def resume_hint(ctx: Context) -> list[Message]:
    """After a side trip: a reminder that a draft waits, with a button back to it."""
    draft = current(ctx)
    if draft is None:
        return []
    action = postback_action("ทำต่อ", flow.postback(draft, "resume"), "ทำต่อ")
    return [text(RESUME_HINT.format(title=draft.dialog.title), [action, message_action("ยกเลิก")])]


def command(draft: Draft, intent: str | None) -> list[Message]:
    title = draft.dialog.title
    if intent == "cancel":
        if has_answers(draft):
            draft.data["_confirm"] = {"kind": "cancel"}
            return [yes_no_question(draft, CANCEL_QUESTION.format(title=title))]
        return close(draft, [text(CANCELLED.format(title=title))])
    if intent == "back":
        return flow.back(draft) or [text(NOTHING_BEFORE), *flow.ask(draft)]
    step = draft.dialog.step(draft.step) if draft.step not in (flow.SUMMARY, flow.MORE_QUESTION) else None
    if intent == "skip":
        if step is None or not step.optional:
            return [text(CANNOT_SKIP), *flow.ask(draft)]
        flow.store(draft, None)
        return flow.forward(draft)
    if step is None:
        return [text(MORE_HELP if draft.step == flow.MORE_QUESTION else SUMMARY_HELP), *flow.ask(draft)]
    return [text(step_help(draft, step)), *flow.ask(draft)]


def step_help(draft: Draft, step: Step) -> str:
    """วิธีใช้ inside a question: what to answer there (its own help, else what its buttons and pickers
    take), an example, and how to go back, skip or cancel."""
    lines = [step.help] if step.help else _how_to_answer(draft, step)
    if step.example:
        lines.append(HELP_EXAMPLE.format(example=step.example))
    moves = HELP_MOVES.format(skip=HELP_SKIP if step.optional else "", title=draft.dialog.title)
    return "\n".join([*lines, moves])


def _how_to_answer(draft: Draft, step: Step) -> list[str]:
    choices = flow.choices_of(draft, step)
    lines = [HELP_CHOICES.format(first=choices[0].label)] if choices else []
    if step.date_picker is not None:
        lines.append(HELP_DATE)
    if "image" in step.accepts:
        lines.append(HELP_PHOTO)
    if "location" in step.accepts:
        lines.append(HELP_PLACE)
    return lines or [HELP_TYPE]


def confirmation(draft: Draft, answer: Answer) -> list[Message]:
    wants = yes_or_no(answer)
    if wants is None:
        return [yes_no_question(draft, ANSWER_YES_OR_NO)]
    pending = draft.data.pop("_confirm")
    if pending["kind"] == "cancel":
        if wants:
            return close(draft, [text(CANCELLED.format(title=draft.dialog.title))])
        return [text(NOT_CANCELLED), *flow.ask(draft)]
    if not wants:
        return flow.ask(draft)
    flow.store(draft, pending["value"])
    return flow.forward(draft, pending["value"])


def close(draft: Draft, out: list[Message]) -> list[Message]:
    """The draft is finished (submitted, cancelled or discarded): its row goes, and a draft parked
    for this side trip comes back."""
    draft.closed = True
    parked = draft.data.get("_parked")
    if parked is None or parked["dialog"] not in dialog_store.DIALOGS:
        dialog_store.delete(draft.ctx)
        return out
    dialog_store.save(
        Draft(draft.ctx, dialog_store.DIALOGS[parked["dialog"]], parked["step"], parked["data"])
    )
    return out + resume_hint(draft.ctx)


def has_answers(draft: Draft) -> bool:
    return any(not key.startswith("_") for key in draft.data) or bool(draft.data["_history"])


def yes_no_question(draft: Draft, question: str) -> Message:
    return text(
        question,
        [
            postback_action("ใช่", flow.postback(draft, "confirm", "yes"), "ใช่"),
            postback_action("ไม่ใช่", flow.postback(draft, "confirm", "no"), "ไม่ใช่"),
        ],
    )

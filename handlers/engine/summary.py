"""The engine's answers around a draft rather than inside a step: the summary, an old draft's
'go on or drop it?', and buttons of a draft that is gone."""

from __future__ import annotations

from datetime import datetime

import nlp
from handlers.context import Context
from handlers.engine import asking, store
from handlers.engine.model import Draft
from handlers.engine.moves import close
from handlers.engine.postbacks import DiscardButton, EditButton, ResumeButton, SubmitButton, Tapped
from handlers.messages import Message, postback_action, text

OLD_DRAFT = "คุณมี{title}ที่ยังทำไม่เสร็จ (ค้างไว้ตั้งแต่ {when}) จะทำต่อหรือทิ้งร่างนี้คะ"
EXPIRED_BUTTON = "ปุ่มนี้ใช้ไม่ได้แล้วค่ะ (รายการนั้นเสร็จหรือถูกยกเลิกไปแล้ว)"
SUMMARY_HINT = 'กด "ยืนยัน" เพื่อส่ง หรือ "แก้ไข" ที่หัวข้อที่ต้องการเปลี่ยนค่ะ'
WHICH_SECTION = "ต้องการแก้ไขหัวข้อไหนคะ"


def at_summary(draft: Draft, intent: str | None, submit_tapped: bool) -> list[Message]:
    """At the summary: ยืนยัน submits, แก้ไข asks which section, anything else shows the summary again."""
    if submit_tapped or intent == "confirm":
        return close(draft, draft.dialog.submit(draft))
    if intent == "edit":
        edits = [
            postback_action(label, EditButton(section).pack(draft), f"แก้ไข{label}")
            for section, label in draft.dialog.sections.items()
        ]
        return [text(WHICH_SECTION, edits)]
    return [text(SUMMARY_HINT), *asking.ask(draft)]


def offer_resume(draft: Draft, updated_at: datetime) -> list[Message]:
    when = nlp.thai_datetime(updated_at)
    buttons = [
        postback_action(ResumeButton.label, ResumeButton().pack(draft), ResumeButton.label),
        postback_action("ทิ้งร่าง", DiscardButton().pack(draft), "ทิ้งร่าง"),
    ]
    return [text(OLD_DRAFT.format(title=draft.dialog.title, when=when), buttons)]


def orphan(ctx: Context, tapped: Tapped) -> list[Message] | None:
    """A button of a draft that is gone: a submitted draft answers with its receipt again."""
    dialog = store.DIALOGS.get(tapped.dialog)
    if isinstance(tapped.button, SubmitButton) and dialog and dialog.receipt:
        receipt = dialog.receipt(ctx, tapped.key)
        if receipt:
            return receipt
    return [text(EXPIRED_BUTTON)]

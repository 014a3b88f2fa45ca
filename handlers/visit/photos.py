"""Photos sent during a visit report: kept as attachments, fetched from LINE by a background job."""

from __future__ import annotations

from handlers.engine.model import Answer, Draft
from handlers.messages import Message, text
from models import Attachment

MAX_PHOTOS = 5
RECEIVED = 'ได้รับรูปแล้ว {count} รูป ส่งเพิ่มได้อีก {left} รูป หรือกด "เสร็จแล้ว" ค่ะ'
RECEIVED_ALL = 'ได้รับครบ 5 รูปแล้วค่ะ กด "เสร็จแล้ว" เพื่อไปต่อ'
TOO_MANY = "แนบรูปได้ไม่เกิน 5 รูปค่ะ รูปที่เกินจะไม่ถูกแนบ"
NO_CONSENT = "ครัวเรือนไม่ยินยอม จึงไม่เก็บรูปไว้ค่ะ"


def receive(draft: Draft, answer: Answer) -> list[Message]:
    """Keeps one photo for the draft (none once the household has not consented); within a set of
    photos, only the last one gets a reply."""
    ctx = draft.ctx
    kept: list[int] = draft.answers.get("photos") or []
    draft.answers["photos"] = kept
    last_of_set = answer.image_set is None or answer.image_set[1] >= answer.image_set[2]
    if draft.answers.get("consent") is False:
        return [text(NO_CONSENT)] if last_of_set else []
    if len(kept) >= MAX_PHOTOS:
        return [text(TOO_MANY)] if last_of_set else []
    attachment = Attachment(
        line_message_id=answer.message_id or "", uploader_id=ctx.user.id, created_at=ctx.now
    )
    ctx.session.add(attachment)
    ctx.session.flush()
    kept.append(attachment.id)
    ctx.request_job("fetch_photo", attachment.id, len(kept))
    if not last_of_set:
        return []
    if len(kept) == MAX_PHOTOS:
        return [text(RECEIVED_ALL)]
    return [text(RECEIVED.format(count=len(kept), left=MAX_PHOTOS - len(kept)))]

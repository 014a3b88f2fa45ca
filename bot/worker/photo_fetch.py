"""Job: fetch a photo from LINE while its content is still available, and keep it on disk."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.services import Services
from bot.worker.line_gateway import GatewayError
from bot.worker.unit_of_work import unit_of_work
from handlers.messages import text
from models import Attachment, AttachmentStatus, User
from nlp.formatting import BANGKOK

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
FAILED = "รูปที่ {number} ที่ส่งมาเมื่อ {time} น. ดึงจาก LINE ไม่สำเร็จ กรุณาส่งรูปนี้ใหม่อีกครั้งค่ะ"
SIGNATURES = {b"\xff\xd8\xff": ("image/jpeg", ".jpg"), b"\x89PNG": ("image/png", ".png")}


def fetch(services: Services, attachment_id: int, number: int) -> None:
    """Stores the photo under LOGBOOK_PHOTO_DIR; on failure the officer is told which photo to resend."""
    with services.sessions() as session:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None or attachment.status is not AttachmentStatus.PENDING:
            return
        message_id, created_at = attachment.line_message_id, attachment.created_at
    try:
        content = services.gateway.message_content(message_id)
        path = _store(services.settings.photo_dir, attachment_id, created_at.strftime("%Y/%m"), content)
    except (GatewayError, ValueError, OSError) as error:
        _failed(services, attachment_id, number, str(error)[:200])
        return
    with services.sessions.begin() as session:
        attachment = session.get(Attachment, attachment_id)
        assert attachment is not None, "attachments are never deleted"
        attachment.status, attachment.storage_path = AttachmentStatus.STORED, str(path)
        attachment.content_type, attachment.size = _kind(content)[0], len(content)


def _kind(content: bytes) -> tuple[str, str]:
    for signature, kind in SIGNATURES.items():
        if content.startswith(signature):
            return kind
    raise ValueError("not a JPEG or PNG image")


def _store(root: Path, attachment_id: int, month: str, content: bytes) -> Path:
    if len(content) > MAX_BYTES:
        raise ValueError("photo larger than 10 MB")
    folder = root / month
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{attachment_id}{_kind(content)[1]}"
    path.write_bytes(content)
    return path


def _failed(services: Services, attachment_id: int, number: int, error: str) -> None:
    log.warning("photo %s not fetched: %s", attachment_id, error)
    with unit_of_work(services) as work:
        attachment = work.session.get(Attachment, attachment_id)
        assert attachment is not None, "attachments are never deleted"
        attachment.status, attachment.error = AttachmentStatus.FAILED, error
        uploader = work.session.get(User, attachment.uploader_id)
        assert uploader is not None
        sent_at = attachment.created_at.astimezone(BANGKOK).strftime("%H:%M")
        work.outbox.push(uploader.line_user_id, [text(FAILED.format(number=number, time=sent_at))])

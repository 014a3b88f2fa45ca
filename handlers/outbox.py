"""Outgoing messages become outbox rows in the handler's own transaction, sent by bot/worker/delivery.py."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from handlers.messages import Message, batches
from models import DeliveryStatus, OutboundMessage
from models.protection import DataProtector

MULTICAST_LIMIT = 500


class Outbox:
    """Collects the rows written during one handler call; their ids are delivered after commit."""

    def __init__(
        self, session: Session, protector: DataProtector, now: datetime, inbox_event_id: str | None = None
    ) -> None:
        self._session = session
        self._protector = protector
        self._now = now
        self._inbox_event_id = inbox_event_id
        self.created: list[uuid.UUID] = []
        self._count = 0

    def reply(
        self, to: str, reply_token: str | None, reply_until: datetime | None, messages: list[Message]
    ) -> None:
        """The first five messages use the reply token; any more go as pushes."""
        for index, batch in enumerate(batches(messages)):
            token = reply_token if index == 0 else None
            self._add(batch, recipient=to, reply_token=token, reply_until=reply_until if token else None)

    def push(
        self,
        to: str,
        messages: list[Message],
        *,
        urgent: bool = True,
        alert_id: int | None = None,
        hold_until: datetime | None = None,
        dedupe_key: str | None = None,
    ) -> None:
        """dedupe_key makes the rows unique (a second run of a scheduled report fails to insert them)."""
        for index, batch in enumerate(batches(messages)):
            self._add(
                batch,
                recipient=to,
                urgent=urgent,
                alert_id=alert_id,
                hold_until=hold_until,
                dedupe_key=_nth(dedupe_key, index),
            )

    def multicast(
        self,
        to: list[str],
        messages: list[Message],
        *,
        urgent: bool = True,
        alert_id: int | None = None,
        hold_until: datetime | None = None,
        dedupe_key: str | None = None,
    ) -> None:
        """One card to many: a push for one recipient, multicasts of up to 500 otherwise."""
        recipients = sorted(set(to))
        if len(recipients) == 1:
            self.push(
                recipients[0],
                messages,
                urgent=urgent,
                alert_id=alert_id,
                hold_until=hold_until,
                dedupe_key=dedupe_key,
            )
            return
        rows = [
            (recipients[start : start + MULTICAST_LIMIT], batch)
            for start in range(0, len(recipients), MULTICAST_LIMIT)
            for batch in batches(messages)
        ]
        for index, (group, batch) in enumerate(rows):
            self._add(
                batch,
                recipients=group,
                urgent=urgent,
                alert_id=alert_id,
                hold_until=hold_until,
                dedupe_key=_nth(dedupe_key, index),
            )

    def _add(
        self,
        batch: list[Message],
        *,
        recipient: str | None = None,
        recipients: list[str] | None = None,
        reply_token: str | None = None,
        reply_until: datetime | None = None,
        urgent: bool = True,
        alert_id: int | None = None,
        hold_until: datetime | None = None,
        dedupe_key: str | None = None,
    ) -> None:
        row_id = uuid.uuid4()
        self._count += 1
        held = hold_until is not None and hold_until > self._now
        self._session.add(
            OutboundMessage(
                id=row_id,
                recipient=recipient,
                recipients=recipients,
                reply_token=reply_token,
                reply_until=reply_until,
                payload=self._protector.seal_json(batch, row_id.bytes),
                status=DeliveryStatus.HELD if held else DeliveryStatus.PENDING,
                urgent=urgent,
                next_attempt_at=hold_until if held and hold_until else self._now,
                created_at=self._now + timedelta(microseconds=self._count),
                inbox_event_id=self._inbox_event_id,
                alert_id=alert_id,
                dedupe_key=dedupe_key,
            )
        )
        if not held:
            self.created.append(row_id)


def _nth(key: str | None, index: int) -> str | None:
    """The dedupe key of the index-th row written for one call: the key itself, then key:2, key:3…"""
    if key is None:
        return None
    return key if index == 0 else f"{key}:{index + 1}"

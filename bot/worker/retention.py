"""Job: forget conversation traffic that is no longer needed (PDPA data minimisation)."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import CursorResult, delete

from bot.services import Services
from models import DeliveryStatus, InboxEvent, OutboundMessage

log = logging.getLogger(__name__)

KEEP_DAYS = 30


def purge(services: Services) -> dict[str, int]:
    """Processed webhook events and delivered messages older than KEEP_DAYS are deleted; failed and
    dead messages stay for `flask alerts dead` until someone deals with them."""
    cutoff = services.now() - timedelta(days=KEEP_DAYS)
    with services.sessions.begin() as session:
        deleted_messages = session.execute(
            delete(OutboundMessage).where(
                OutboundMessage.status == DeliveryStatus.DELIVERED, OutboundMessage.delivered_at < cutoff
            )
        )
        deleted_events = session.execute(
            delete(InboxEvent).where(InboxEvent.processed_at < cutoff, InboxEvent.processed_at.is_not(None))
        )
        # DELETEs without RETURNING
        assert isinstance(deleted_messages, CursorResult) and isinstance(deleted_events, CursorResult)
        messages, events = deleted_messages.rowcount, deleted_events.rowcount
    if events or messages:
        log.info(
            "retention: %d events and %d delivered messages older than %d days deleted",
            events,
            messages,
            KEEP_DAYS,
        )
    return {"events": events, "messages": messages}

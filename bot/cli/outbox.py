"""flask --app wsgi outbox dead | retry [ID]: deliveries that died (after every retry, or at once when
line-bot-sdk refused to build them), and re-driving them. `alerts` is the same group (its old name)."""

from __future__ import annotations

import uuid

import click
from flask.cli import AppGroup
from sqlalchemy import select

from bot.cli import services
from bot.worker import delivery
from models import Alert, DeliveryStatus, OutboundMessage

outbox = AppGroup(
    "outbox", help="Dead letters: deliveries that died after every retry or were refused as invalid."
)


@outbox.command("dead")
def dead() -> None:
    """Dead rows, oldest first: id, alert kind, number of recipients, attempts, last error (no LINE ids,
    no message content)."""
    with services().sessions() as session:
        rows = session.execute(
            select(
                OutboundMessage.id,
                Alert.kind,
                OutboundMessage.recipients,
                OutboundMessage.attempts,
                OutboundMessage.created_at,
                OutboundMessage.last_error,
            )
            .outerjoin(Alert, Alert.id == OutboundMessage.alert_id)
            .where(OutboundMessage.status == DeliveryStatus.DEAD)
            .order_by(OutboundMessage.created_at)
        ).tuples().all()
    click.echo("id\tkind\trecipients\tattempts\tcreated (UTC)\tlast error")
    for row_id, kind, recipients, attempts, created_at, error in rows:
        what = kind.value if kind else "message"
        count = len(recipients) if recipients else 1
        click.echo(f"{row_id}\t{what}\t{count}\t{attempts}\t{created_at:%Y-%m-%d %H:%M}\t{error or '-'}")
    click.echo(f"{len(rows)} dead message(s)", err=True)


@outbox.command("retry")
@click.argument("message_id", metavar="[ID]", type=click.UUID, required=False)
@click.option("--id", "option_id", type=click.UUID, default=None, help="Same as ID (the older spelling).")
def retry(message_id: uuid.UUID | None, option_id: uuid.UUID | None) -> None:
    """Sends dead rows (every one, or the one with ID from `outbox dead`) again with their original
    retry keys; attempts start from zero."""
    message_id = message_id or option_id
    running = services()
    revived = delivery.revive(running, message_id)
    if message_id is not None and not revived:
        raise click.BadParameter(f"no dead message has id {message_id}", param_hint="ID")
    if running.settings.is_embedded:
        delivery.deliver_many(running, revived)
    else:
        delivery.dispatch(running, revived)
    click.echo(f"{len(revived)} message(s) sent to delivery again", err=True)

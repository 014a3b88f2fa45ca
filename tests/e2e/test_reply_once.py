"""Issue 14 item 5: a reply reaches the user exactly once, whatever LINE answered the first try."""

from __future__ import annotations

import time

from sqlalchemy import select

from bot.worker import sweep
from emulator.faults import Fault
from models import DeliveryStatus, OutboundMessage


def _row(chat) -> OutboundMessage:
    with chat.rt.sessions() as session:
        return session.scalar(select(OutboundMessage))


def _retry(chat, seconds: float = 5) -> None:
    chat.clock.advance(seconds=seconds)
    sweep.sweep(chat.rt)


def test_a_reply_refused_with_a_500_goes_as_a_push_once_its_token_has_expired(chat, monkeypatch):
    guest = chat.user("ผู้ใช้")
    chat.platform.emulator.state.faults.add(Fault(kind="500", path="/v2/bot/message/reply"))
    assert guest.say("วิธีใช้") == []
    monkeypatch.setattr(chat.platform.emulator.state, "_clock", lambda: time.time() + 120)
    _retry(chat)
    assert len(chat.messages_to(guest.user_id)) == 1
    row = _row(chat)
    assert row.status is DeliveryStatus.DELIVERED and row.delivered_via == "push"
    pushes = chat.platform.emulator.state.requests(path="/v2/bot/message/push")
    assert [p.headers.get("X-Line-Retry-Key") for p in pushes] == [str(row.id)]


def test_a_reply_that_timed_out_after_line_took_it_is_not_sent_again(chat):
    guest = chat.user("ผู้ใช้")
    chat.platform.emulator.state.faults.add(Fault(kind="timeout", path="/v2/bot/message/reply", delay=4))
    guest.say("วิธีใช้")
    _retry(chat)
    assert len(chat.messages_to(guest.user_id)) == 1
    assert chat.platform.emulator.state.requests(path="/v2/bot/message/push") == []
    replies = chat.platform.emulator.state.requests(path="/v2/bot/message/reply")
    assert [r.status for r in replies] == [200, 400]
    assert _row(chat).status is DeliveryStatus.DELIVERED


def test_an_unanswered_reply_whose_token_ran_out_is_pushed_erring_towards_delivery(chat):
    guest = chat.user("ผู้ใช้")
    chat.platform.emulator.state.faults.add(Fault(kind="drop", path="/v2/bot/message/reply", delay=4))
    guest.say("วิธีใช้")
    assert chat.messages_to(guest.user_id) == []
    _retry(chat, seconds=120)
    assert len(chat.messages_to(guest.user_id)) == 1
    assert _row(chat).delivered_via == "push"

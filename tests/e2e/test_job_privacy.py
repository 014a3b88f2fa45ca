"""RQ stores and logs each job's description: it names a chat by its log pseudonym, never by LINE user id."""

from __future__ import annotations

import logging

from bot.jobs import LINE_ID, RQJobRunner, ServicesWorker
from tests.e2e.conftest import all_text


def test_rq_jobs_and_the_worker_log_name_no_line_user_id(chat, monkeypatch, caplog):
    runner = RQJobRunner(chat.rt.redis, chat.rt.settings.events_queue, chat.rt.protector.pseudonym)
    runner.serve(chat.rt)
    monkeypatch.setattr(chat.rt, "jobs", runner)  # RQ on the real Redis, or on the stand-in when embedded
    guest = chat.user("ผู้ใช้")
    pseudonym = chat.rt.protector.pseudonym(guest.user_id)
    assert LINE_ID.fullmatch(guest.user_id)

    assert chat.post(chat.platform.emulator.event(guest.user_id, "text", text="วิธีใช้")).status_code == 200
    [job] = runner.queue.get_jobs()
    assert job.description == f"bot.worker.inbox.process_chat('chat-{pseudonym}', True)"
    assert job.args == (guest.user_id, True)

    caplog.set_level(logging.DEBUG)
    ServicesWorker(chat.rt, [runner.queue]).work(burst=True, logging_level="DEBUG")
    assert "วิธีใช้" in all_text(chat.messages_to(guest.user_id))
    worker_lines = [record.getMessage() for record in caplog.records if record.name.startswith("rq")]
    assert any(f"chat-{pseudonym}" in line for line in worker_lines)
    bot_lines = [record.getMessage() for record in caplog.records if record.name.startswith(("rq", "bot"))]
    assert [line for line in bot_lines if LINE_ID.search(line)] == []

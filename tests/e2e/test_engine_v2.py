"""Dialog engine v2: drafts stored by the first engine still open (or are dropped politely), answers
and cursor are kept apart, and the draft is opened once per turn."""

from __future__ import annotations

import json
from typing import Any

from handlers.engine.cursor import SUMMARY
from models import DialogState
from nlp.formatting import bangkok_date
from tests.e2e.conftest import all_text
from tests.e2e.test_forged_input import stored_draft
from tests.e2e.test_visit_dialog import draft_step, start_at_consent

OLD_KEY = "ab" * 16


def store_old_shape(chat, user, step: str, data: dict[str, Any], dialog: str = "visit") -> None:
    """A draft as the first engine sealed it: engine keys (`_key`, `_history` …) among the answers."""
    with chat.rt.sessions.begin() as session:
        row = user.row(session)
        now = chat.rt.now()
        sealed = chat.rt.protector.seal_json(data, f"dialog:{row.id}".encode())
        state = DialogState(user_id=row.id, dialog=dialog, step=step, data=sealed, started_at=now)
        state.updated_at = now
        session.add(state)


def old_visit_at_consent(chat, home: int) -> dict[str, Any]:
    return {
        "_key": OLD_KEY,
        "_history": [["household", 0, None], ["confirm_household", 0, None], ["visited_on", 0, None]],
        "_each": 0,
        "_offers": {"step": "consent", "values": ["yes", "no"]},
        "household": home,
        "visited_on": bangkok_date(chat.rt.now()).isoformat(),
    }


def test_a_draft_stored_by_the_old_engine_goes_on_where_it_was(chat, home, officer):
    store_old_shape(chat, officer, "consent", old_visit_at_consent(chat, home))
    officer.tap(f"dlg|ans|visit|{OLD_KEY}|consent|yes")
    assert "ขออภัย" not in all_text(officer.last)
    assert draft_step(chat, officer) in ("followup", "problem_dimension")
    stored = stored_draft(chat, officer)
    assert stored["cursor"]["key"] == OLD_KEY and stored["answers"]["consent"] is True
    assert not [name for name in stored["answers"] if name.startswith("_")]
    officer.say("ย้อนกลับ")
    assert draft_step(chat, officer) == "consent"


def test_an_old_draft_that_cannot_be_read_is_dropped_with_a_polite_word(chat, home, officer):
    store_old_shape(chat, officer, "no_such_step", {"household": home})
    officer.say("ยินยอม")
    reply = all_text(officer.last)
    assert "เปิดต่อไม่ได้" in reply and "ขออภัย" not in reply
    assert draft_step(chat, officer) is None
    officer.say("เยี่ยมบ้าน")
    assert draft_step(chat, officer) == "household"


def test_answers_hold_no_engine_keys_nor_sentinels_after_a_group_ends(chat, home, officer):
    start_at_consent(officer)
    officer.choose("ยินยอม")
    officer.say("ข้าม")
    officer.say("ไม่มี")
    officer.choose("ไม่มี")
    stored = stored_draft(chat, officer)
    text = json.dumps(stored["answers"], ensure_ascii=False)
    assert "__end_group__" not in text and not [name for name in stored["answers"] if name.startswith("_")]
    assert stored["answers"].get("problem") == [] and stored["answers"].get("assistance") == []
    assert set(stored["cursor"]) >= {"step", "history", "item", "return_to", "pending", "parked", "offered"}


def test_the_summary_is_a_cursor_place_not_an_answer(chat, home, officer):
    start_at_consent(officer)
    officer.choose("ไม่ยินยอม")
    officer.choose("อยู่รอด")
    officer.choose("ไม่ต้องนัด")
    officer.choose("ข้าม")
    assert draft_step(chat, officer) == SUMMARY
    assert SUMMARY not in stored_draft(chat, officer)["answers"]


class DraftOpenings:
    """Counts how often the user's sealed draft is decrypted (a counter on the protector the store uses)."""

    def __init__(self, chat, monkeypatch) -> None:
        self.count = 0
        protector = chat.rt.protector
        real = protector.open_json

        def counting(token: bytes, associated: bytes) -> Any:
            if associated.startswith(b"dialog:"):
                self.count += 1
            return real(token, associated)

        monkeypatch.setattr(protector, "open_json", counting)

    def during(self, turn) -> int:
        self.count = 0
        turn()
        return self.count


def test_the_draft_is_opened_once_per_turn(chat, home, officer, monkeypatch):
    start_at_consent(officer)
    openings = DraftOpenings(chat, monkeypatch)
    assert openings.during(lambda: officer.choose("ยินยอม")) == 1
    assert openings.during(lambda: officer.say("ข้าม")) == 1
    assert openings.during(lambda: officer.say("ค้นหาครัวเรือน")) == 1
    assert openings.during(lambda: officer.say("ยกเลิก")) == 1
    assert openings.during(lambda: officer.say("ใบ้")) <= 1
    assert draft_step(chat, officer) is not None


def test_the_command_of_a_message_is_read_once_per_turn(chat, home, officer, monkeypatch):
    import nlp

    start_at_consent(officer)
    officer.choose("ยินยอม")
    reads = []
    real = nlp.detect_intent
    monkeypatch.setattr(nlp, "detect_intent", lambda message: reads.append(message) or real(message))
    officer.say("ข้าม")
    officer.say("อะไรนะ")
    assert reads == ["ข้าม", "อะไรนะ"]

"""Free text that can hold personal or health data is stored only sealed, bound to its row (issue 14, 7)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from models import Alert, AlertKind, Assistance, HelpRequest, Problem, Urgency, Visit
from models.protection import UnreadableData
from models.sealed import SEALED
from models.vocabulary import AssistanceType, Dimension
from tests import factories
from tests.households.helpers import every_stored_value

SECRETS = {"detail": "ป้าเป็นมะเร็งระยะสาม", "notes": "ลูกชายซึมเศร้า ไม่ยอมออกจากบ้าน",
           "text": "แม่ติดเตียง ต้องการผ้าอ้อม", "phone": "0812345678", "reason": "ผู้ป่วยติดเตียง โทร 0899999999",
           "given": "ยาเคมีบำบัด"}


def _write_every_kind(rt) -> int:
    with rt.sessions.begin() as session:
        home = factories.household(session, rt.protector)
        problem = Problem(household_id=home.id, dimension=Dimension.HEALTH, detail=SECRETS["detail"])
        visit = Visit(reference="VR-2569-000001", submission_key="k1", household_id=home.id,
                      visited_on=date(2026, 11, 1), notes=SECRETS["notes"])
        request = HelpRequest(reference="RQ-2569-000001", household_id=home.id, text=SECRETS["text"],
                              urgency=Urgency.URGENT, phone=SECRETS["phone"])
        session.add_all([problem, visit, request])
        session.flush()
        session.add_all([
            Assistance(household_id=home.id, problem_id=problem.id, type=AssistanceType.MEDICAL_REFERRAL,
                       detail=SECRETS["given"], given_on=date(2026, 11, 1)),
            Alert(kind=AlertKind.HELP_REQUEST, dedupe_key="help:1", household_id=home.id,
                  help_request_id=request.id, reason=SECRETS["reason"]),
        ])
        return home.id


def test_every_sealed_attribute_is_stored_only_as_ciphertext(rt):
    _write_every_kind(rt)
    stored = " ".join(str(value) for value in every_stored_value(rt.engine))
    assert not [name for name, secret in SECRETS.items() if secret in stored]
    assert {(model.__tablename__, a.name) for model, attributes in SEALED.items() for a in attributes} == {
        ("problems", "detail"), ("assistance", "detail"), ("visits", "notes"), ("help_requests", "text"),
        ("help_requests", "phone"), ("alerts", "reason")}


def test_sealed_text_reads_back_in_a_new_session_and_after_it_closes(rt):
    _write_every_kind(rt)
    with rt.sessions() as session:
        problem = session.scalar(select(Problem))
        visit, request = session.scalar(select(Visit)), session.scalar(select(HelpRequest))
        given, alert = session.scalar(select(Assistance)), session.scalar(select(Alert))
    assert (problem.detail, visit.notes, request.text, request.phone, given.detail, alert.reason) == (
        SECRETS["detail"], SECRETS["notes"], SECRETS["text"], SECRETS["phone"], SECRETS["given"],
        SECRETS["reason"])


def test_changes_and_empty_text_are_sealed_too(rt):
    household_id = _write_every_kind(rt)
    with rt.sessions.begin() as session:
        visit = session.scalar(select(Visit))
        visit.notes = "เปลี่ยนเป็นเบาหวาน"
        request = session.scalar(select(HelpRequest))
        request.phone = None
        session.add(Problem(household_id=household_id, dimension=Dimension.INCOME))
    with rt.sessions() as session:
        assert session.scalar(select(Visit)).notes == "เปลี่ยนเป็นเบาหวาน"
        assert session.scalar(select(HelpRequest.phone_cipher)) is None
        assert session.scalar(select(HelpRequest)).phone is None
        assert [p.detail for p in session.scalars(select(Problem).order_by(Problem.id))] == [
            SECRETS["detail"], ""]
    assert "เบาหวาน" not in " ".join(str(value) for value in every_stored_value(rt.engine))


def test_a_ciphertext_copied_to_another_row_does_not_open(rt):
    household_id = _write_every_kind(rt)
    with rt.sessions.begin() as session:
        other = factories.problem(session, household_id, Dimension.INCOME, "หนี้นอกระบบ")
        stolen = session.scalar(select(Problem.detail_cipher).where(Problem.id != other.id))
        session.execute(update(Problem).where(Problem.id == other.id).values(detail_cipher=stolen))
        other_id = other.id
    with rt.sessions() as session:
        copied = session.get(Problem, other_id)
        with pytest.raises(UnreadableData):
            assert copied.detail


def test_a_session_without_the_protector_refuses_to_write_sealed_text(rt):
    from models.database import make_sessions

    household_id = _write_every_kind(rt)
    with pytest.raises(UnreadableData), make_sessions(rt.engine).begin() as session:
        session.add(Problem(household_id=household_id, dimension=Dimension.HEALTH, detail="ความดันสูง"))


def test_the_overdue_scans_bulk_insert_seals_its_reasons_too(rt):
    from handlers.outbox import Outbox
    from handlers.supervisor import scan
    from models import Household

    household_id = _write_every_kind(rt)
    today = date(2026, 11, 20)
    with rt.sessions.begin() as session:
        session.get(Household, household_id).next_follow_up_on = date(2026, 11, 13)
    with rt.sessions.begin() as session:
        outbox = Outbox(session, rt.protector, rt.now())
        assert scan.scan_province(session, outbox, rt.now(), "65", today) == 1
    key = scan.dedupe_key(household_id, today)
    with rt.sessions() as session:
        overdue = session.scalar(select(Alert).where(Alert.dedupe_key == key))
        assert overdue.reason.startswith("เลยกำหนดติดตาม 7 วัน") and overdue.reason_cipher is not None
    assert "เลยกำหนดติดตาม 7 วัน" not in " ".join(str(value) for value in every_stored_value(rt.engine))

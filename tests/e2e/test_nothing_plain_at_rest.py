"""After a demo-style run, a dump of the database holds none of the typed health words or phone numbers
(issue 14 item 7c): SQLite's file and WAL bytes, PostgreSQL's pg_dump of the test schema, and every
column of every table read as text on both."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from models import HelpRequest, Problem, Visit
from models.vocabulary import Role
from tests.e2e.citizens import linked
from tests.e2e.conftest import all_text
from tests.e2e.test_visit_dialog import at_new_problems
from tests.households.helpers import every_stored_value

PROBLEM = "ยายป่วยเป็นมะเร็งเต้านม ติดเตียงมาสองปี"
NOTES = "ลูกชายซึมเศร้า ไม่ยอมกินข้าว"
STORY = "แม่ติดเตียง เป็นแผลกดทับ ต้องการผ้าอ้อมผู้ใหญ่"
PHONE = "089-765-4321"
TYPED = ["มะเร็ง", "ซึมเศร้า", "ติดเตียง", "แผลกดทับ", "ผ้าอ้อม", "0897654321", PHONE, "089 765 4321"]


def officer_reports_a_visit(officer) -> None:
    """A health problem in the officer's words, no assistance, skipped photos and place, notes."""
    at_new_problems(officer)
    officer.say(PROBLEM)
    if "ตัวชี้วัด" not in all_text(officer.last):
        officer.choose("สุขภาพ")
    for label in ("ไม่ระบุ", "ทั้งครัวเรือน", "ไม่มีแล้ว", "ไม่มี", "อยู่รอด", "อีก 7 วัน", "ข้าม", "ข้าม"):
        officer.choose(label)
    officer.say(NOTES)
    officer.choose("ยืนยันส่งรายงาน")
    assert "บันทึกการเยี่ยมเรียบร้อย" in all_text(officer.last)


def citizen_asks_for_help(chat) -> None:
    citizen = linked(chat)
    citizen.say("ขอความช่วยเหลือ")
    citizen.say(STORY)
    citizen.choose("ด่วนมาก")
    citizen.say(PHONE)
    assert "RQ-" in all_text(citizen.choose("ส่งคำขอ"))


def _pg_dump(database_url: str) -> str:
    """The data of the test schema as pg_dump writes it ('' when pg_dump is not installed)."""
    if shutil.which("pg_dump") is None:
        return ""
    parts = urlsplit(database_url.replace("postgresql+psycopg", "postgresql"))
    schema = parse_qs(parts.query)["options"][0].split("=", 1)[1].split(",")[0]
    server = parts._replace(query="").geturl()
    dumped = subprocess.run(["pg_dump", "--data-only", f"--schema={schema}", server],
                            capture_output=True, check=True, timeout=120)
    return dumped.stdout.decode()


def test_a_database_dump_after_a_demo_run_holds_no_typed_health_word_or_phone(chat, home, officer):
    supervisor = chat.user("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    officer_reports_a_visit(officer)
    citizen_asks_for_help(chat)
    assert "0897654321" in all_text(chat.messages_to(supervisor.user_id)), "the alert reached the supervisor"
    with chat.rt.sessions() as session:
        assert PROBLEM in [p.detail for p in session.scalars(select(Problem))]
        assert session.scalar(select(Visit)).notes == NOTES
        request = session.scalar(select(HelpRequest))
        assert (request.text, request.phone) == (STORY, "0897654321")
    url = chat.rt.settings.database_url
    dumps = [" ".join(str(value) for value in every_stored_value(chat.rt.engine))]
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
        assert b"65010000001" in raw, "the scan reads what is stored in plain text (the house code)"
        assert [word for word in TYPED if word.encode() in raw] == []
    else:
        dumps.append(_pg_dump(url))
        assert shutil.which("pg_dump") is None or "65010000001" in dumps[-1], "pg_dump dumped the schema"
    assert "65010000001" in dumps[0]
    assert [word for word in TYPED for dump in dumps if word in dump] == []

"""The numbers of the daily digest and the weekly summary, on fixed data, in a supervisor's scope."""

from __future__ import annotations

from datetime import UTC, date, datetime

from handlers.supervisor import figures, weekly
from handlers.supervisor.digest import digest
from handlers.supervisor.figures import Period
from models import Alert, AlertKind, HelpRequest, HelpRequestStatus, Problem, Urgency
from models.vocabulary import Dimension
from tests.e2e.supervisors import activity, household

TODAY = date(2026, 11, 25)  # a Wednesday
YESTERDAY = date(2026, 11, 24)


def fields(message: dict) -> dict[str, str]:
    """The name → value rows of a report bubble."""
    rows = {}
    for component in message["contents"]["body"]["contents"]:
        if component.get("layout") == "baseline":
            name, value = component["contents"]
            rows.setdefault(name["text"], value["text"])
    return rows


def fixed_data(rt) -> None:
    home = household(rt, next_follow_up_on=date(2026, 11, 1))
    neighbour = household(rt, house_code="65010000002", next_follow_up_on=date(2026, 11, 20))
    elsewhere = household(
        rt, house_code="65020000001", subdistrict="650201", next_follow_up_on=date(2026, 11, 1)
    )
    household(rt, house_code="65010000003", next_follow_up_on=TODAY)
    activity(
        rt,
        home,
        YESTERDAY,
        visits=2,
        problems=(Dimension.HEALTH, Dimension.HEALTH, Dimension.INCOME),
        baht=1500,
    )
    activity(rt, neighbour, YESTERDAY, visits=0, baht=500)
    activity(rt, home, date(2026, 11, 23), visits=1, problems=(Dimension.LIVING,))
    activity(rt, elsewhere, YESTERDAY, visits=4, problems=(Dimension.EDUCATION,))
    with rt.sessions.begin() as session:
        for number, (where, status) in enumerate(
            [
                (home, HelpRequestStatus.OPEN),
                (home, HelpRequestStatus.ACKNOWLEDGED),
                (home, HelpRequestStatus.CLOSED),
            ]
        ):
            session.add(
                HelpRequest(
                    reference=f"RQ-2569-{number:06d}",
                    household_id=where,
                    text="-",
                    urgency=Urgency.NORMAL,
                    status=status,
                )
            )
        at = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
        for number, kind in enumerate((AlertKind.CRITICAL_HOUSEHOLD, AlertKind.VISIT_CHANGED)):
            session.add(
                Alert(kind=kind, dedupe_key=f"k{number}", household_id=home, reason="-", created_at=at)
            )
        session.add(
            Alert(kind=AlertKind.CRITICAL_HOUSEHOLD, dedupe_key="far", household_id=elsewhere, created_at=at)
        )


def test_the_daily_digest_counts_yesterday_and_what_waits_in_the_district(rt):
    fixed_data(rt)
    with rt.sessions() as session:
        (card,) = digest(session, "6501", TODAY)
    assert card["contents"]["header"]["contents"][1]["text"] == "อำเภอเมืองพิษณุโลก · 24 พ.ย. 2569"
    assert fields(card) == {
        "เยี่ยมบ้าน": "2 ครั้ง (1 ครัวเรือน)",
        "ปัญหาใหม่": "สุขภาพ 2 · รายได้ 1",
        "ความช่วยเหลือ": "2 รายการ · 2,000 บาท",
        "แจ้งเตือน": "ครัวเรือนวิกฤต 1 · รายงานการเยี่ยมถูกแก้ไข 1",
        "เลยกำหนดติดตาม": "2 ครัวเรือน",
        "คำขอความช่วยเหลือ": "2 เรื่องที่ยังไม่ปิด",
    }


def test_the_province_digest_includes_every_district(rt):
    fixed_data(rt)
    with rt.sessions() as session:
        (card,) = digest(session, "65", TODAY)
    assert fields(card)["เยี่ยมบ้าน"] == "6 ครั้ง (2 ครัวเรือน)"
    assert fields(card)["ปัญหาใหม่"] == "สุขภาพ 2 · การศึกษา 1 · รายได้ 1"
    assert fields(card)["เลยกำหนดติดตาม"] == "3 ครัวเรือน"


def test_a_day_runs_from_midnight_to_midnight_in_bangkok(rt):
    home = household(rt)
    with rt.sessions.begin() as session:
        session.add(
            Problem(
                household_id=home,
                dimension=Dimension.HEALTH,
                identified_at=datetime(2026, 11, 24, 16, 59, tzinfo=UTC),
            )
        )
        session.add(
            Problem(
                household_id=home,
                dimension=Dimension.INCOME,
                identified_at=datetime(2026, 11, 24, 17, 0, tzinfo=UTC),
            )
        )
    with rt.sessions() as session:
        done = figures.activity(session, "6501", Period.day(YESTERDAY))
    assert done.new_problems == {Dimension.HEALTH: 1}


def test_the_weekly_summary_covers_last_monday_to_sunday_day_by_day(rt):
    fixed_data(rt)
    with rt.sessions() as session:
        week = weekly.gather(session, "6501", TODAY)
    assert (week.period.first, week.period.last) == (date(2026, 11, 16), date(2026, 11, 22))
    assert list(week.per_day.values()) == [0] * 7 and week.done.visits == 0
    with rt.sessions() as session:
        this_week = figures.visits_per_day(session, "6501", Period.week_of(TODAY))
    assert this_week == {date(2026, 11, 23): 1, YESTERDAY: 2, TODAY: 0}

"""The rules that raise alerts, and the quiet hours that hold the ones that are not urgent."""

from __future__ import annotations

from datetime import datetime

import pytest

from handlers import alerts
from handlers.visit.critical import critical_reasons
from models import AlertKind, Household, Visit
from models.vocabulary import Dimension
from nlp.formatting import BANGKOK
from tests import factories
from tests.e2e.supervisors import household


def reasons(rt, *dimensions: Dimension, urgent: bool = False, **flags: bool) -> list[str]:
    home = household(rt)
    with rt.sessions.begin() as session:
        found = session.get(Household, home)
        for attribute, value in flags.items():
            setattr(found.head, attribute, value)
        for dimension in dimensions:
            factories.problem(session, home, dimension, "-")
        return critical_reasons(session, found, Visit(urgent=urgent))


def test_open_problems_in_three_dimensions_are_critical(rt):
    assert reasons(rt, Dimension.HEALTH, Dimension.INCOME, Dimension.LIVING) == [
        "มีปัญหา 3 ด้าน (สุขภาพ, ความเป็นอยู่, รายได้)"
    ]


def test_two_dimensions_are_not(rt):
    assert reasons(rt, Dimension.HEALTH, Dimension.INCOME, Dimension.INCOME) == []


def test_a_bedridden_member_without_care_is_critical(rt):
    assert reasons(rt, Dimension.PUBLIC_SERVICES, bedridden=True) == ["ผู้ป่วยติดเตียงยังไม่ได้รับการดูแล"]


def test_the_officers_urgent_flag_is_critical(rt):
    assert reasons(rt, urgent=True) == ["เจ้าหน้าที่แจ้งเป็นกรณีด่วน"]


@pytest.mark.parametrize(
    ("local", "held_until"),
    [
        ("2026-11-24 20:59", None),
        ("2026-11-24 21:00", "2026-11-25 07:00"),
        ("2026-11-25 03:15", "2026-11-25 07:00"),
        ("2026-11-25 07:00", None),
    ],
)
def test_quiet_hours_run_from_nine_at_night_to_seven_in_the_morning(local, held_until):
    when = datetime.fromisoformat(local).replace(tzinfo=BANGKOK)
    until = alerts.quiet_until(when)
    assert (until.strftime("%Y-%m-%d %H:%M") if until else None) == held_until


def test_every_kind_of_alert_has_a_title():
    assert set(alerts.TITLES) == set(AlertKind)

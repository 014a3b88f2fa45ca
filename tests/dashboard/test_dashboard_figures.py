"""What the dashboard shows, against a recount from the base tables; and that scope holds everywhere."""

from __future__ import annotations

import csv
import io
import sys
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from models import AuditLog, Household
from models.vocabulary import Role
from registry.dashboard import naive
from registry.dashboard.metrics import Moment
from tests.dashboard import data, recount


@pytest.fixture
def seeded(app: Flask) -> list[int]:
    services = app.extensions["logbook"]
    with services.sessions.begin() as session:
        return data.seed(session, services.protector, services.now())


@pytest.mark.parametrize("code", ["65", "6501", "650101", "65010101", "6502"])
def test_the_naive_figures_equal_a_recount(app: Flask, seeded: list[int], code: str) -> None:
    services = app.extensions["logbook"]
    moment = Moment(services.now())
    with services.sessions() as session:
        assert recount.all_figures(naive, session, code, moment) == recount.all_figures(
            recount, session, code, moment)


def test_the_supervisor_sees_their_district_with_numbers_from_the_database(
        app: Flask, seeded: list[int], staff: Any) -> None:
    chief = staff("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    token = chief.login()
    view = chief.get("/liff/api/view", token).get_json()
    moment = Moment(app.extensions["logbook"].now())
    with app.extensions["logbook"].sessions() as session:
        counts = recount.household_counts(session, "6501", moment)
        problems = recount.problem_counts(session, "6501")
    assert view["area"]["code"] == "6501" and [step["code"] for step in view["trail"]] == ["6501"]
    assert view["headline"]["target"] == counts["target"] == 18
    assert view["headline"]["visited_90"] == counts["visited_90"]
    assert view["headline"]["problems"] == sum(problems.values())
    assert {row["key"]: row["count"] for row in view["currency"]} == {
        key: counts[key]
        for key in ("stale_90", "overdue", "no_location", "no_level", "no_consent", "help_waiting")}
    assert [row["code"] for row in view["ranking"]] and {row["code"] for row in view["ranking"]} >= {
        "650101", "650102"}
    assert view["charts"]["levels"].startswith("<svg") and "อยู่รอด" in view["charts"]["levels"]
    sub = chief.get("/liff/api/view", token, area="650101").get_json()
    assert [step["code"] for step in sub["trail"]] == ["6501", "650101"]
    assert {row["code"] for row in sub["ranking"]} >= {"65010101", "65010102"}


def test_every_number_opens_its_households(app: Flask, seeded: list[int], staff: Any) -> None:
    chief = staff("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    token = chief.login()
    listed = chief.get("/liff/api/households", token, area="650101", metric="target").get_json()
    with app.extensions["logbook"].sessions() as session:
        expected = sorted(h.id for h in session.scalars(select(Household))
                          if h.subdistrict_code == "650101")
    assert listed["total"] == len(expected) == 12 and listed["pages"] == 1
    assert sorted(row["id"] for row in listed["households"]) == expected
    masked = [row["national_id"] for row in listed["households"] if row["national_id"]]
    assert masked and all(shown.startswith("x-xxxx-xxxxx-") for shown in masked)
    view = chief.get("/liff/api/view", token, area="650101").get_json()
    for row in view["currency"] + view["levels"]:
        shown = chief.get("/liff/api/households", token, area="650101", metric=row["key"]).get_json()
        assert shown["total"] == row["count"], row["key"]
    detail = chief.get(f"/liff/api/households/{expected[0]}", token).get_json()
    assert detail["id"] == expected[0] and detail["house_no"]


@pytest.mark.parametrize("params", [
    {"area": "6502"}, {"area": "65"}, {"area": "6601"}, {"area": "65020104"}, {"area": "6501'--"},
    {"area": "６５０１"}, {"area": "650199"}, {"area": ""}, {"area": "6" * 5000},
])
def test_tampered_areas_show_nothing(seeded: list[int], staff: Any, params: dict[str, str]) -> None:
    chief = staff("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    token = chief.login()
    answer = chief.get("/liff/api/view", token, **params)
    if params["area"] == "":
        assert answer.get_json()["area"]["code"] == "6501"
        return
    assert answer.status_code == 404
    assert chief.get("/liff/api/households", token, metric="target", **params).status_code == 404
    assert chief.get("/liff/api/export", token, metric="target", **params).status_code == 404


@pytest.mark.parametrize("params", [
    {"metric": "nope"}, {"metric": "problem:wealth:open"}, {"metric": "level:rich"},
    {"metric": "assist:week:all"},
    {"metric": "target", "page": "0"}, {"metric": "target", "page": "-1"}, {"metric": "target", "page": "x"},
    {"metric": "target", "page": "99999999999"}, {"metric": "target", "page": "²"},
])
def test_tampered_metrics_and_pages_are_refused(seeded: list[int], staff: Any,
                                                params: dict[str, str]) -> None:
    chief = staff("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    assert chief.get("/liff/api/households", **params).status_code == 404


def test_a_household_outside_the_scope_is_not_found(app: Flask, seeded: list[int], staff: Any) -> None:
    officer = staff("เจ้าหน้าที่ สมใจ", Role.OFFICER, "650101")
    token = officer.login()
    with app.extensions["logbook"].sessions() as session:
        homes = {h.id: h.subdistrict_code for h in session.scalars(select(Household))}
    for household_id, subdistrict in homes.items():
        answer = officer.get(f"/liff/api/households/{household_id}", token)
        assert answer.status_code == (200 if subdistrict == "650101" else 404)
    for bad in ("0", "-1", "1.5", "abc", str(sys.maxsize * 10)):
        assert officer.get(f"/liff/api/households/{bad}", token).status_code == 404
    assert officer.get("/liff/api/view", token, area="6501").status_code == 404


def test_an_export_lists_the_households_behind_a_number_and_is_audited(
        app: Flask, seeded: list[int], staff: Any) -> None:
    chief = staff("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    token = chief.login()
    shown = chief.get("/liff/api/households", token, area="650101", metric="no_location").get_json()
    answer = chief.get("/liff/api/export", token, area="650101", metric="no_location", format="csv")
    assert answer.status_code == 200 and "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    assert len(rows) - 1 == shown["total"] > 0
    with app.extensions["logbook"].sessions() as session:
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "export")).one()
    assert audit.actor == f"user:{chief.user_id}" and audit.object_id == "dashboard:650101"
    xlsx = chief.get("/liff/api/export", token, area="650101", metric="no_location", format="xlsx")
    assert xlsx.status_code == 200 and xlsx.get_data()[:2] == b"PK"
    assert chief.get("/liff/api/export", token, metric="target", format="pdf").status_code == 404

"""The aggregate tables equal a recount from the base tables after a random sequence of visits,
amendments, status changes, assistance, help requests, closings, moves and imports."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from models import Assistance, HelpRequest, Household, Problem, Visit
from models.case import HelpRequestStatus, Urgency
from models.dashboard import DashboardDirty
from models.vocabulary import AssistanceType, DevelopmentLevel, ProblemStatus
from nlp.formatting import bangkok_date
from registry.dashboard import aggregates
from registry.dashboard.metrics import Moment
from tests.dashboard import data, recount
from tests.households.helpers import run

CODES = ("65", "6501", "650101", "650102", "6502", "650201", "65010101")


def _visit(session, rng: random.Random, home: Household, now) -> None:
    when = now - timedelta(days=rng.randrange(0, 150), hours=rng.randrange(0, 24))
    level = rng.choice([*DevelopmentLevel, None])
    session.add(Visit(reference=f"VR-{uuid.uuid4().hex[:12]}", submission_key=uuid.uuid4().hex,
                      household_id=home.id, visited_on=bangkok_date(when), submitted_at=when,
                      consent=rng.random() < 0.7, level_assessed=level))
    if home.last_visited_at is None or when > home.last_visited_at:
        home.last_visited_at, home.level = when, level
        home.next_follow_up_on = bangkok_date(when) + timedelta(days=rng.choice([3, 30, 200]))


def _amend(session, rng: random.Random, home: Household, now) -> None:
    visit = session.scalars(select(Visit).where(Visit.household_id == home.id)).first()
    if visit is not None:
        visit.level_assessed = home.level = rng.choice(list(DevelopmentLevel))
        home.next_follow_up_on = bangkok_date(now) + timedelta(days=rng.randrange(-20, 20))


def _status(session, rng: random.Random, home: Household, now) -> None:
    for problem in session.scalars(select(Problem).where(Problem.household_id == home.id)):
        problem.status = rng.choice(list(ProblemStatus))


def _assist(session, rng: random.Random, home: Household, now) -> None:
    session.add(Assistance(household_id=home.id, type=rng.choice(list(AssistanceType)),
                           agency=rng.choice(["พมจ.", "อบต.", ""]), amount=Decimal(rng.randrange(0, 9000)),
                           given_on=bangkok_date(now) - timedelta(days=rng.randrange(0, 400))))


def _unassist(session, rng: random.Random, home: Household, now) -> None:
    given = session.scalars(select(Assistance).where(Assistance.household_id == home.id)).first()
    if given is not None:
        session.delete(given)


def _help(session, rng: random.Random, home: Household, now) -> None:
    opened = session.scalars(select(HelpRequest).where(HelpRequest.household_id == home.id)).first()
    if opened is not None and rng.random() < 0.5:
        opened.status = rng.choice(list(HelpRequestStatus))
        return
    session.add(HelpRequest(reference=f"RQ-{uuid.uuid4().hex[:12]}", household_id=home.id, text="ขอ",
                            urgency=Urgency.SOON, created_at=now - timedelta(days=rng.randrange(0, 8))))


def _close(session, rng: random.Random, home: Household, now) -> None:
    home.closed = not home.closed


def _move(session, rng: random.Random, home: Household, now) -> None:
    subdistrict, moo = rng.choice(data.PLACES)
    village = data.factories.village(session, subdistrict, moo)
    home.village_code, home.subdistrict_code = village.code, subdistrict
    home.district_code, home.province_code = subdistrict[:4], subdistrict[:2]


def _located(session, rng: random.Random, home: Household, now) -> None:
    home.lat = None if home.lat is not None else 16.8


STEPS = (_visit, _visit, _amend, _status, _assist, _unassist, _help, _close, _move, _located)


def _same(app: Flask) -> None:
    services = app.extensions["logbook"]
    moment = Moment(services.now())
    with services.sessions() as session:
        assert session.scalars(select(DashboardDirty)).first() is None
        province = recount.all_figures(aggregates, session, "65", moment)
        assert province["households"]["target"] > 0 and province["problems"] and province["fy_type"]
        for code in CODES:
            assert recount.all_figures(aggregates, session, code, moment) == recount.all_figures(
                recount, session, code, moment), code


@pytest.mark.parametrize("seed", [1, 2])
def test_aggregates_equal_a_recount_after_random_changes(app: Flask, tmp_path: Path, seed: int) -> None:
    services = app.extensions["logbook"]
    rng = random.Random(seed)
    with services.sessions.begin() as session:
        ids = data.seed(session, services.protector, services.now(), count=16, seed=seed)
    _same(app)
    for round_ in range(6):
        for _ in range(8):
            with services.sessions.begin() as session:
                home = session.get(Household, rng.choice(ids))
                assert home is not None
                rng.choice(STEPS)(session, rng, home, services.now())
        if round_ == 2:
            run(app, "households", "generate", "--households", "30", "--area", "6502", "--seed", str(seed))
        if round_ == 4:
            exported = tmp_path / "households.csv"
            run(app, "export", "households", "--area", "6502", "--with-ids", "--format", "csv",
                "--output", str(exported))
            run(app, "households", "import", str(exported))
        _same(app)

"""Households of district 6501 (two subdistricts) and one of district 6502, with visits, problems,
assistance and help requests spread over time."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from models import Assistance, HelpRequest, Household, Problem, Visit
from models.case import Urgency
from models.protection import DataProtector
from models.vocabulary import AssistanceType, DevelopmentLevel, Dimension, ProblemStatus
from nlp.formatting import bangkok_date
from tests import factories

PLACES = (("650101", 1), ("650101", 2), ("650102", 1), ("650201", 4))


def seed(session: Session, protector: DataProtector, now: datetime, count: int = 24,
         seed: int = 7) -> list[int]:
    """count households over PLACES, each with a random history; their ids."""
    rng = random.Random(seed)
    ids = []
    for index in range(count):
        subdistrict, moo = PLACES[index % len(PLACES)]
        home = factories.household(
            session, protector, house_code=f"6501{index:07d}", house_no=str(10 + index),
            subdistrict=subdistrict,
            moo=moo, members=((f"ชื่อ{index}", f"สกุล{index}", national_id(index) if index % 2 else None),),
            lat=13.8 if rng.random() < 0.7 else None, lng=100.5)
        history(session, rng, home, now)
        ids.append(home.id)
    return ids


def national_id(number: int) -> str:
    """A 13-digit national ID with a valid check digit."""
    body = f"3{number:011d}"
    total = sum(int(digit) * (13 - i) for i, digit in enumerate(body))
    return body + str((11 - total % 11) % 10)


def history(session: Session, rng: random.Random, home: Household, now: datetime) -> None:
    """Visits, problems, assistance and maybe a help request for one household."""
    for number in range(rng.randrange(0, 3)):
        when = now - timedelta(days=rng.randrange(0, 200))
        level = rng.choice([*DevelopmentLevel, None])
        visit = Visit(reference=f"VR-T-{uuid.uuid4().hex[:10]}", submission_key=uuid.uuid4().hex,
                      household_id=home.id, visited_on=bangkok_date(when), submitted_at=when,
                      consent=rng.random() < 0.8, level_assessed=level)
        session.add(visit)
        session.flush()
        if home.last_visited_at is None or when > home.last_visited_at:
            home.last_visited_at, home.level = when, level
            home.next_follow_up_on = bangkok_date(when) + timedelta(days=rng.choice([7, 30, 120]))
        for _ in range(rng.randrange(0, 3)):
            problem = Problem(household_id=home.id, dimension=rng.choice(list(Dimension)),
                              detail=f"p{number}",
                              status=rng.choice(list(ProblemStatus)), visit_id=visit.id)
            session.add(problem)
            session.flush()
            if rng.random() < 0.7:
                session.add(Assistance(
                    household_id=home.id, problem_id=problem.id, visit_id=visit.id,
                    type=rng.choice(list(AssistanceType)), agency=rng.choice(["อบต.ในเมือง", "พมจ.", ""]),
                    amount=Decimal(rng.randrange(0, 5000)), given_on=visit.visited_on))
    if rng.random() < 0.3:
        session.add(HelpRequest(reference=f"RQ-T-{uuid.uuid4().hex[:8]}", household_id=home.id, text="ช่วยด้วย",
                                urgency=Urgency.NORMAL, created_at=now - timedelta(days=rng.randrange(0, 6))))
    session.flush()

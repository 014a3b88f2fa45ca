"""Synthetic problems by dimension and indicator, their status, and some assistance history."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate

from models.vocabulary import AssistanceType, DevelopmentLevel, Dimension, ProblemStatus
from registry.records import AssistanceRecord, PersonRecord, ProblemRecord

# Failed indicators, weighted roughly as TPMAP reports them (income and housing lead).
INDICATOR_WEIGHTS = {22: 30, 20: 12, 21: 8, 8: 14, 10: 5, 9: 4, 11: 3, 4: 3, 5: 2, 7: 3, 1: 1, 19: 4, 16: 3,
                     17: 2, 15: 2, 27: 6, 28: 4}
NEEDS = {15: (3, 5), 16: (6, 14), 17: (15, 17), 1: (0, 1), 21: (60, 200)}
STATUS_WEIGHTS = {ProblemStatus.OPEN: 55, ProblemStatus.IN_PROGRESS: 15, ProblemStatus.REFERRED: 5,
                  ProblemStatus.HELPED: 18, ProblemStatus.SELF_RESOLVED: 5, ProblemStatus.UNRESOLVABLE: 2}
HELP = {
    Dimension.INCOME: ((AssistanceType.LIVELIHOOD, "สำนักงานพัฒนาชุมชนอำเภอ", "เมล็ดพันธุ์ผักและปัจจัยการผลิต"),
                       (AssistanceType.TRAINING, "สำนักงานจัดหางานจังหวัด", "ฝึกอาชีพระยะสั้น"),
                       (AssistanceType.CASH, "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด", "เงินสงเคราะห์")),
    Dimension.LIVING: ((AssistanceType.HOUSING, "องค์การบริหารส่วนตำบล", "ซ่อมแซมหลังคาและฝาบ้าน"),
                       (AssistanceType.GOODS, "องค์การบริหารส่วนตำบล", "ถังเก็บน้ำ")),
    Dimension.HEALTH: ((AssistanceType.MEDICAL_REFERRAL, "โรงพยาบาลส่งเสริมสุขภาพตำบล", "ส่งต่อรักษา"),
                       (AssistanceType.GOODS, "อาสาสมัครสาธารณสุขประจำหมู่บ้าน", "ชุดยาสามัญประจำบ้าน")),
    Dimension.EDUCATION: ((AssistanceType.SCHOLARSHIP, "กองทุนเพื่อความเสมอภาคทางการศึกษา", "ทุนการศึกษา"),
                          (AssistanceType.TRAINING, "ศูนย์ส่งเสริมการเรียนรู้อำเภอ", "การศึกษานอกระบบ")),
    Dimension.PUBLIC_SERVICES: ((AssistanceType.RIGHTS_REGISTRATION, "องค์การบริหารส่วนตำบล",
                                 "ลงทะเบียนเบี้ยยังชีพผู้สูงอายุ/ผู้พิการ"),
                                (AssistanceType.GOODS, "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด",
                                 "รถเข็นและอุปกรณ์ช่วยเหลือ")),
}
STATUSES, STATUS_CUMULATIVE = list(STATUS_WEIGHTS), list(accumulate(STATUS_WEIGHTS.values()))
PROBLEM_COUNTS = list(accumulate((8, 34, 30, 18, 10)))
AMOUNTS = {AssistanceType.CASH: (1000, 3000), AssistanceType.HOUSING: (5000, 40000),
           AssistanceType.SCHOLARSHIP: (2000, 6000)}


def _possible(number: int, members: list[PersonRecord], ages: list[int]) -> bool:
    """Indicators about children, elderly or disabled people only fail where such a person lives."""
    if number == 27:
        return any(p.elderly for p in members)
    if number == 28:
        return any(p.disabled for p in members)
    if number in NEEDS:
        low, high = NEEDS[number]
        return any(low <= age <= high for age in ages)
    return True


def make_cases(rng: random.Random, members: list[PersonRecord],
               catalogue: Mapping[int, tuple[int, Dimension]],
               as_of: date) -> tuple[list[ProblemRecord], list[AssistanceRecord], DevelopmentLevel]:
    ages = [(as_of - p.birth_date).days // 365 if p.birth_date else 40 for p in members]
    candidates = [n for n in INDICATOR_WEIGHTS if n in catalogue and _possible(n, members, ages)]
    wanted = min(len(candidates), rng.choices((0, 1, 2, 3, 4), cum_weights=PROBLEM_COUNTS)[0])
    numbers: list[int] = []
    while len(numbers) < wanted:
        number = rng.choices(candidates, [INDICATOR_WEIGHTS[n] for n in candidates])[0]
        if number not in numbers:
            numbers.append(number)
    problems = [_problem(rng, number, catalogue[number][1], as_of) for number in numbers]
    assistance = [_assistance(rng, index, problem, as_of) for index, problem in enumerate(problems)
                  if problem.status in (ProblemStatus.HELPED, ProblemStatus.IN_PROGRESS)]
    still_open = sum(not problem.status.is_closed for problem in problems)
    level = (DevelopmentLevel.SURVIVE if still_open >= 2 else
             DevelopmentLevel.SUFFICIENT if still_open == 1 else DevelopmentLevel.SUSTAINABLE)
    return problems, assistance, level


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10), UTC)


def _problem(rng: random.Random, number: int, dimension: Dimension, as_of: date) -> ProblemRecord:
    status = rng.choices(STATUSES, cum_weights=STATUS_CUMULATIVE)[0]
    found = as_of - timedelta(days=rng.randint(30, 1000))
    resolved = _moment(found + timedelta(days=rng.randint(10, 25))) if status.is_closed else None
    return ProblemRecord(dimension, number, status, _moment(found), resolved)


def _assistance(rng: random.Random, index: int, problem: ProblemRecord, as_of: date) -> AssistanceRecord:
    kind, agency, detail = rng.choice(HELP[problem.dimension])
    found = problem.identified_at.date() if problem.identified_at else as_of
    low, high = AMOUNTS.get(kind, (0, 0))
    amount = Decimal(rng.randrange(low, high + 1, 100)) if high else None
    quantity = rng.randint(1, 5) if kind == AssistanceType.GOODS else None
    return AssistanceRecord(index, kind, agency, found + timedelta(days=rng.randint(5, 20)), amount, quantity,
                            detail)

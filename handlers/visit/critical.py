"""When a household is in crisis: the rules that make a visit report alert supervisors at once."""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.household_card import open_problems
from models import Household, Visit
from models.vocabulary import Dimension

MANY_DIMENSIONS = 3
MANY_PROBLEMS = "มีปัญหา {count} ด้าน ({dimensions})"
NO_CARE = "{who}ยังไม่ได้รับการดูแล"
URGENT = "เจ้าหน้าที่แจ้งเป็นกรณีด่วน"


def critical_reasons(session: Session, household: Household, visit: Visit) -> list[str]:
    """Open problems in three or more dimensions; a bedridden, elderly or disabled member without
    care (an open public-services problem); or the officer's urgent flag."""
    problems = open_problems(session, household.id)
    dimensions = [d for d in Dimension if any(p.dimension is d for p in problems)]
    reasons = []
    if len(dimensions) >= MANY_DIMENSIONS:
        labels = ", ".join(d.label_th for d in dimensions)
        reasons.append(MANY_PROBLEMS.format(count=len(dimensions), dimensions=labels))
    if Dimension.PUBLIC_SERVICES in dimensions and (who := _needing_care(household)):
        reasons.append(NO_CARE.format(who=who))
    if visit.urgent:
        reasons.append(URGENT)
    return reasons


def _needing_care(household: Household) -> str:
    kinds = []
    for attribute, label in (("bedridden", "ผู้ป่วยติดเตียง"), ("disabled", "ผู้พิการ"), ("elderly", "ผู้สูงอายุ")):
        if any(getattr(member, attribute) for member in household.members):
            kinds.append(label)
    return "/".join(kinds)

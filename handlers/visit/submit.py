"""Visit report, submit: one transaction writes everything, once per draft; the officer gets a receipt."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

import nlp
from handlers import alerts
from handlers.citizen import notify
from handlers.context import Context
from handlers.engine.model import Draft
from handlers.household_card import open_problems, problems_by_dimension
from handlers.messages import Message, postback_action, text
from handlers.visit.critical import critical_reasons
from handlers.visit.problem_steps import parse_dimensions
from handlers.visit.visit_steps import optional_date
from models import (
    AlertKind,
    Assistance,
    Attachment,
    Household,
    Person,
    Problem,
    Village,
    Visit,
    next_reference,
)
from models.protection import seal_national_id
from models.scope import covers
from models.vocabulary import (
    AssistanceType,
    DevelopmentLevel,
    Dimension,
    HouseholdSource,
    ProblemStatus,
    Relation,
)
from nlp.formatting import buddhist_year

RECEIPT = "บันทึกการเยี่ยมเรียบร้อยแล้วค่ะ\nเลขที่รายงาน {reference}\n{household}"
AFTER_VISIT = "ปัญหาที่ยังเปิดอยู่: {problems}\nนัดติดตาม: {follow_up}"
OUT_OF_SCOPE = "ส่งรายงานไม่ได้ค่ะ ครัวเรือนนี้อยู่นอกพื้นที่ของคุณแล้ว"


def submit(draft: Draft) -> list[Message]:
    ctx = draft.ctx
    existing = _submitted(ctx, draft.key)
    if existing is not None:
        return receipt_for(ctx, existing)
    household = _household(draft)
    if household is None or not covers(ctx.user.area_code or "", household):
        return [text(OUT_OF_SCOPE)]
    if household.id is None:
        _add_missed_household(draft, household)
    visit = _visit(draft, household)
    new_problems, changes = _apply_cases(draft, household, visit)
    _update_household(draft, household, visit)
    _attach_photos(draft, visit)
    ctx.audit("create",
        "visit",
        str(visit.id),
        {"household_id": household.id, "new_problems": len(new_problems)},
    )
    _alert_if_critical(ctx, household, visit, new_problems)
    notify.household_changed(ctx, household.id, changes, urgent=visit.urgent)
    return receipt_for(ctx, visit)


def receipt(ctx: Context, key: str) -> list[Message] | None:
    """The receipt again, for a second tap of ยืนยัน after the report was sent."""
    visit = _submitted(ctx, key)
    return receipt_for(ctx, visit) if visit else None


def submission_key(ctx: Context, key: str) -> str:
    """Idempotency is per officer: the same draft key from another officer is another report."""
    return f"{ctx.user.id}:{key}"


def _submitted(ctx: Context, key: str) -> Visit | None:
    return ctx.session.scalar(
        select(Visit).where(Visit.submission_key == submission_key(ctx, key), Visit.officer_id == ctx.user.id)
    )


def receipt_for(ctx: Context, visit: Visit) -> list[Message]:
    household = ctx.session.get(Household, visit.household_id)
    where = f"บ้านเลขที่ {household.house_no}" if household else ""
    follow_up = nlp.thai_date(visit.follow_up_on) if visit.follow_up_on else "ไม่ได้นัด"
    problems = problems_by_dimension(open_problems(ctx.session, visit.household_id))
    amend = postback_action("แก้ไขรายงานนี้", f"officer|amend|{visit.id}", "แก้ไขรายงานนี้")
    body = RECEIPT.format(reference=visit.reference, household=where) + "\n"
    return [text(body + AFTER_VISIT.format(problems=problems, follow_up=follow_up), [amend])]


def _household(draft: Draft) -> Household | None:
    """The visited household; a missed one is built here but written only once its scope is checked."""
    chosen = draft.answers.get("household")
    if chosen != "new":
        return draft.ctx.session.get(Household, chosen) if isinstance(chosen, int) else None
    return _missed_household(draft)


def _missed_household(draft: Draft) -> Household | None:
    ctx = draft.ctx
    village = ctx.session.get(Village, str(draft.answers.get("new_village") or ""))
    if village is None:
        return None
    return Household(
        house_no=draft.answers.get("new_house_no") or "-",
        village_code=village.code,
        subdistrict_code=village.subdistrict_code,
        district_code=village.subdistrict_code[:4],
        province_code=village.subdistrict_code[:2],
        source=HouseholdSource.FIELD_ADDED,
        source_year=buddhist_year(ctx.today),
        created_at=ctx.now,
    )


def _add_missed_household(draft: Draft, household: Household) -> None:
    """ครัวเรือนตกหล่น: written on submit, with its head when consent allows personal details."""
    ctx = draft.ctx
    ctx.session.add(household)
    ctx.session.flush()
    head = draft.answers.get("new_head_name")
    if head and draft.answers.get("consent"):
        person = Person(
            id=uuid.uuid4(),
            household_id=household.id,
            title=head.get("title"),
            first_name=head["first"],
            last_name=head.get("last") or "",
            name_key=nlp.name_key(f"{head['first']} {head.get('last') or ''}"),
            relation=Relation.HEAD,
            is_head=True,
            created_at=ctx.now,
        )
        if national_id := draft.answers.get("new_head_id"):
            person.national_id_cipher, person.national_id_index = seal_national_id(
                ctx.protector, person.id, national_id
            )
        ctx.session.add(person)
    ctx.audit("create",
        "household",
        str(household.id),
        {"source": "field_added", "village_code": household.village_code},
    )


def _visit(draft: Draft, household: Household) -> Visit:
    ctx = draft.ctx
    location = draft.answers.get("location") or {}
    visit = Visit(
        reference=next_reference(ctx.session, "VR", buddhist_year(ctx.today)),
        submission_key=submission_key(ctx, draft.key),
        household_id=household.id,
        officer_id=ctx.user.id,
        visited_on=date.fromisoformat(draft.answers["visited_on"]),
        submitted_at=ctx.now,
        lat=location.get("lat"),
        lng=location.get("lng"),
        consent=bool(draft.answers.get("consent")),
        level_assessed=DevelopmentLevel(draft.answers["level"]) if draft.answers.get("level") else None,
        follow_up_on=optional_date(draft.answers.get("follow_up_on")),
        urgent=bool(draft.answers.get("urgent")),
        notes=draft.answers.get("notes") or "",
    )
    ctx.session.add(visit)
    ctx.session.flush()
    return visit


def _apply_cases(
    draft: Draft, household: Household, visit: Visit
) -> tuple[list[Problem], notify.HouseholdChanges]:
    """New problems (for the critical check), and what changed for the household's citizens."""
    ctx = draft.ctx
    moved = []
    for problem_id, status in (draft.answers.get("followup") or {}).items():
        problem = ctx.session.get(Problem, int(problem_id))
        if not status or problem is None or problem.household_id != household.id:
            continue
        if _set_status(ctx, problem, ProblemStatus(status)):
            moved.append(problem)
    new_problems = [
        _new_problem(ctx, household, visit, item, dimension)
        for item in draft.answers.get("problem") or []
        for dimension in parse_dimensions(item.get("problem_dimension"))
    ]
    given = [_assistance(household, visit, item) for item in draft.answers.get("assistance") or []]
    ctx.session.add_all(given)
    return new_problems, notify.HouseholdChanges(assistance=given, problems=moved)


def _set_status(ctx: Context, problem: Problem, status: ProblemStatus) -> bool:
    """Whether the status changed (and was audited)."""
    if problem.status is status:
        return False
    before = problem.status.value
    problem.status = status
    problem.resolved_at = ctx.now if status.is_closed else None
    ctx.audit("update",
        "problem",
        str(problem.id),
        {"status": [before, status.value]},
    )
    return True


def _new_problem(
    ctx: Context, household: Household, visit: Visit, item: dict[str, Any], dimension: Dimension
) -> Problem:
    problem = Problem(
        household_id=household.id,
        person_id=_member_of(ctx, household, item.get("problem_member")),
        dimension=dimension,
        indicator_id=item.get("problem_indicator"),
        detail=item.get("detail") or item.get("problem_detail") or "",
        identified_at=ctx.now,
        visit_id=visit.id,
    )
    ctx.session.add(problem)
    return problem


def _member_of(ctx: Context, household: Household, member: object) -> uuid.UUID | None:
    """The problem's person, only when a member of the reported household; else the whole household."""
    try:
        person = ctx.session.get(Person, uuid.UUID(str(member))) if member else None
    except ValueError:
        return None
    return person.id if person is not None and person.household_id == household.id else None


def _assistance(household: Household, visit: Visit, item: dict[str, Any]) -> Assistance:
    amount = item.get("assistance_amount")
    return Assistance(
        household_id=household.id,
        visit_id=visit.id,
        type=AssistanceType(item["assistance_type"]),
        agency=item.get("assistance_agency") or "",
        amount=Decimal(amount) if amount else None,
        quantity=item.get("assistance_quantity"),
        given_on=optional_date(item.get("assistance_on")) or visit.visited_on,
    )


def _update_household(draft: Draft, household: Household, visit: Visit) -> None:
    before = {"level": household.level.value if household.level else None}
    household.level = visit.level_assessed or household.level
    household.next_follow_up_on = visit.follow_up_on
    household.last_visited_at = draft.ctx.now
    if household.lat is None and visit.lat is not None:
        household.lat, household.lng = visit.lat, visit.lng
    draft.ctx.audit("update",
        "household",
        str(household.id),
        {
            "level": [before["level"], household.level.value if household.level else None],
            "next_follow_up_on": str(visit.follow_up_on) if visit.follow_up_on else None,
        },
    )


def _attach_photos(draft: Draft, visit: Visit) -> None:
    """The draft's photos become the visit's, only with the household's consent (without it, photos
    sent before the consent question stay unattached and are swept away)."""
    photo_ids = [int(i) for i in draft.answers.get("photos") or []]
    if photo_ids and draft.answers.get("consent") is True:
        draft.ctx.session.execute(
            update(Attachment)
            .where(Attachment.id.in_(photo_ids), Attachment.uploader_id == draft.ctx.user.id)
            .values(visit_id=visit.id)
        )


def _alert_if_critical(ctx: Context, household: Household, visit: Visit, new_problems: list[Problem]) -> None:
    ctx.session.flush()
    reasons = critical_reasons(ctx.session, household, visit)
    if reasons:
        alerts.raise_alert(
            ctx,
            AlertKind.CRITICAL_HOUSEHOLD,
            household,
            " · ".join(reasons),
            urgent=True,
            dedupe_key=f"critical:visit:{visit.id}",
            visit_id=visit.id,
        )

"""Changing a submitted visit report (level, follow-up date, notes) within a week: a new revision,
audited, and supervisors are told."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers import alerts, engine
from handlers.context import Context
from handlers.engine import register
from handlers.engine.cursor import SUMMARY
from handlers.engine.model import Dialog, Draft
from handlers.messages import Message, text
from handlers.visit import summary, visit_steps
from handlers.visit.submit import receipt_for
from models import AlertKind, Household, Visit
from models.scope import covers
from models.vocabulary import DevelopmentLevel

AMENDABLE_DAYS = 7
SECTIONS = {"level": summary.SECTIONS["level"], "notes": summary.SECTIONS["notes"]}
TOO_LATE = "แก้ไขรายงานได้ภายใน 7 วันหลังส่ง และเฉพาะผู้ส่งรายงานค่ะ"
AMENDED = "แก้ไขรายงาน {reference} แล้วค่ะ (ฉบับที่ {revision})"
CHANGED = "รายงาน {reference} ถูกแก้ไข (ฉบับที่ {revision}): {fields}"
FIELD_NAMES = {"level_assessed": "ระดับการพัฒนา", "follow_up_on": "วันนัดติดตาม", "notes": "บันทึก"}


def start(ctx: Context, visit_id: int) -> list[Message]:
    """The amend draft opens on its summary, prefilled with what was submitted."""
    visit = ctx.session.get(Visit, visit_id)
    if (
        visit is None
        or visit.officer_id != ctx.user.id
        or ctx.now - visit.submitted_at > timedelta(days=AMENDABLE_DAYS)
    ):
        return [text(TOO_LATE)]
    data = {
        "visit": visit.id,
        "visited_on": visit.visited_on.isoformat(),
        "consent": visit.consent,
        "level": visit.level_assessed.value if visit.level_assessed else None,
        "follow_up_on": visit.follow_up_on.isoformat() if visit.follow_up_on else None,
        "notes": visit.notes,
    }
    return engine.start(ctx, AMEND, data, at_step=SUMMARY)


def submit(draft: Draft) -> list[Message]:
    ctx = draft.ctx
    visit = ctx.session.get(Visit, draft.answers["visit"])
    assert visit is not None, "the draft was opened on this visit, and visits are never deleted"
    household = ctx.session.get(Household, visit.household_id)
    assert household is not None
    if not covers(ctx.user.area_code or "", household):
        return [text(TOO_LATE)]
    changes = _apply(draft, visit, household)
    if not changes:
        return receipt_for(ctx, visit)
    visit.revision += 1
    ctx.audit("update",
        "visit",
        str(visit.id),
        {**changes, "revision": visit.revision},
    )
    fields = ", ".join(FIELD_NAMES[name] for name in changes)
    alerts.raise_alert(
        ctx,
        AlertKind.VISIT_CHANGED,
        household,
        CHANGED.format(reference=visit.reference, revision=visit.revision, fields=fields),
        urgent=False,
        dedupe_key=f"visit-changed:{visit.id}:{visit.revision}",
        visit_id=visit.id,
    )
    return [
        text(AMENDED.format(reference=visit.reference, revision=visit.revision)),
        *receipt_for(ctx, visit),
    ]


def _apply(draft: Draft, visit: Visit, household: Household) -> dict[str, list[str | None]]:
    level = DevelopmentLevel(draft.answers["level"]) if draft.answers.get("level") else None
    follow_up = visit_steps.optional_date(draft.answers.get("follow_up_on"))
    wanted = {"level_assessed": level, "follow_up_on": follow_up, "notes": draft.answers.get("notes") or ""}
    changes = {}
    for name, value in wanted.items():
        before = getattr(visit, name)
        if before != value:
            changes[name] = [_plain(before), _plain(value)]
            setattr(visit, name, value)
    if _is_latest(draft.ctx, visit):
        household.level = level or household.level
        household.next_follow_up_on = follow_up
    return changes


def _plain(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _is_latest(ctx: Context, visit: Visit) -> bool:
    newest = ctx.session.scalar(
        select(Visit.id)
        .where(Visit.household_id == visit.household_id)
        .order_by(Visit.submitted_at.desc())
        .limit(1)
    )
    return newest == visit.id


AMEND = register(
    Dialog(
        name="amend",
        title="การแก้ไขรายงาน",
        steps=tuple(s for s in visit_steps.STEPS_AFTER_CASES if s.section in SECTIONS),
        summary=summary.summary,
        submit=submit,
        sections=SECTIONS,
    )
)

"""Field officers' commands: start a visit, look a household up, come back to a draft."""

from __future__ import annotations

from handlers import engine, flex, household_card, link_codes
from handlers.commands import argument_of
from handlers.context import Context
from handlers.engine import register
from handlers.engine.model import Dialog, Draft, Step
from handlers.engine.postbacks import ResumeButton
from handlers.incoming import Incoming, as_id
from handlers.messages import Message, flex_message, postback_action, text
from handlers.visit import VISIT_REPORT, amend
from handlers.visit.household_steps import ASK_HOUSEHOLD, HOUSEHOLD_EXAMPLE, find_existing
from models import Household
from models.scope import covers

STAFF_ONLY = "คำสั่งนี้สำหรับเจ้าหน้าที่ที่ลงทะเบียนแล้วค่ะ ถ้าคุณเป็นเจ้าหน้าที่ พิมพ์รหัสเชิญ 8 ตัวที่ได้รับจากผู้ดูแล (เช่น K7QX-M2PA)"
DRAFT_WAITING = "คุณมีรายงานการเยี่ยมบ้านที่ยังไม่เสร็จ จะทำต่อหรือเริ่มใหม่คะ"
NO_DRAFT = 'ไม่มีรายงานที่ค้างอยู่ค่ะ พิมพ์ "เยี่ยมบ้าน" เพื่อเริ่มรายงานใหม่'
LOOKUP_ASK = "ค้นหาครัวเรือน: " + ASK_HOUSEHOLD.removeprefix("เยี่ยมครัวเรือนไหนคะ ")
HOUSEHOLD_GONE = "ไม่พบครัวเรือนนี้ในพื้นที่ของคุณค่ะ"


def is_staff(ctx: Context) -> bool:
    return ctx.user.role.is_staff and bool(ctx.user.area_code)


def start_visit(ctx: Context, incoming: Incoming) -> list[Message]:
    """เยี่ยมบ้าน: a new report, or — when one is half done — the choice to go on or start again."""
    if not is_staff(ctx):
        return [text(STAFF_ONLY)]
    draft = engine.current(ctx)
    if draft is not None and draft.dialog is VISIT_REPORT:
        return _draft_choice(draft)
    return engine.start(ctx, VISIT_REPORT)


def visit_household(ctx: Context, household_id: int) -> list[Message]:
    """A visit report that starts at a household already chosen (from a card or an alert)."""
    household = ctx.session.get(Household, household_id)
    if not is_staff(ctx) or household is None or not covers(ctx.user.area_code or "", household):
        return [text(HOUSEHOLD_GONE)]
    return engine.start(ctx, VISIT_REPORT, {"household": household_id}, at_step="confirm_household")


def drafts(ctx: Context, incoming: Incoming) -> list[Message]:
    """ร่างที่ค้าง: the report waiting to be finished, if any."""
    if not is_staff(ctx):
        return [text(STAFF_ONLY)]
    draft = engine.current(ctx)
    return _draft_choice(draft) if draft is not None else [text(NO_DRAFT)]


def _draft_choice(draft: Draft) -> list[Message]:
    return [
        text(
            DRAFT_WAITING,
            [
                postback_action(ResumeButton.label, ResumeButton().pack(draft), ResumeButton.label),
                postback_action("ทิ้งแล้วเริ่มใหม่", "officer|restart", "เริ่มรายงานใหม่"),
            ],
        )
    ]


def on_button(ctx: Context, args: list[str]) -> list[Message]:
    """officer|restart · officer|visit|<household> · officer|amend|<visit> ·
    officer|linkcode|<household>[|<person>]."""
    action, *rest = args or [""]
    number = as_id(rest[0]) if rest else None
    if action == "restart" and is_staff(ctx):
        return engine.start(ctx, VISIT_REPORT)
    if action == "visit" and number is not None:
        return visit_household(ctx, number)
    if action == "amend" and number is not None:
        return amend.start(ctx, number)
    if action == "linkcode" and number is not None:
        return link_codes.issue(ctx, number, rest[1] if len(rest) > 1 else None)
    return [text(STAFF_ONLY)] if not is_staff(ctx) else [text(HOUSEHOLD_GONE)]


def lookup(ctx: Context, incoming: Incoming) -> list[Message]:
    """ค้นหาครัวเรือน / สถานะครัวเรือน: find one household and show its card with actions."""
    if not is_staff(ctx):
        return [text(STAFF_ONLY)]
    if incoming.kind == "text" and (wanted := argument_of(incoming.text, "search")):
        return engine.start_answered(ctx, LOOKUP, wanted, park=True)
    return engine.start(ctx, LOOKUP, park=True)


def show_found(draft: Draft) -> list[Message]:
    ctx = draft.ctx
    household = ctx.session.get(Household, draft.answers["found"])
    assert household is not None, "found in this lookup, and households are never deleted"
    actions = [
        flex.button(postback_action("เยี่ยมบ้านนี้", f"officer|visit|{household.id}", "เยี่ยมบ้านนี้"), primary=True),
        flex.button(postback_action("ออกรหัสเชื่อมบัญชี", f"officer|linkcode|{household.id}", "ออกรหัสเชื่อมบัญชี")),
    ]
    return [flex_message("ข้อมูลครัวเรือน", household_card.card(ctx.session, household, ctx.today, actions))]


LOOKUP = register(
    Dialog(
        name="lookup",
        title="การค้นหาครัวเรือน",
        steps=(Step("found", LOOKUP_ASK, find_existing, example=HOUSEHOLD_EXAMPLE),),
        submit=show_found,
    )
)

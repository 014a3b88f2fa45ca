"""ขอความช่วยเหลือ: a short dialog that becomes a request on the citizen's own household and an alert.

```mermaid
flowchart TD
    S[ขอความช่วยเหลือ] -->|staff · no consent · not linked| X[polite note]
    S --> P[problem in own words → dimensions] -->|not sure| D[pick a dimension]
    P --> U[urgency] --> T[phone, optional] --> C[summary: ส่งคำขอ · แก้ไข]
    D --> U
    C --> R[RQ-2569-000045 + alert to the area's officers and supervisors]
```
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

import nlp
from handlers import alerts, engine, flex
from handlers.citizen import consent, links
from handlers.context import Context
from handlers.engine import register
from handlers.engine.model import Answer, Choice, Dialog, Draft, Reask, Result, Step
from handlers.engine.postbacks import SubmitButton
from handlers.incoming import Incoming
from handlers.messages import Message, clip, flex_message, message_action, postback_action, text
from models import AlertKind, HelpRequest, HelpRequestStatus, Household, Urgency, User, next_reference
from models.vocabulary import Dimension
from nlp.formatting import buddhist_year

FOR_CITIZENS = 'เมนูขอความช่วยเหลือมีไว้สำหรับประชาชนค่ะ ถ้าครัวเรือนในพื้นที่ต้องการความช่วยเหลือ บันทึกผ่าน "เยี่ยมบ้าน" ได้เลย'
ASK_PROBLEM = "เล่าปัญหาที่อยากให้ช่วยสั้น ๆ ค่ะ"
PROBLEM_EXAMPLE = "หลังคารั่ว ฝนตกน้ำเข้าบ้าน"
TOO_SHORT = "ช่วยเล่าเพิ่มอีกนิดค่ะ ว่าเดือดร้อนเรื่องอะไร"
TOO_LONG = "ข้อความยาวเกินไปค่ะ (ไม่เกิน 1,000 ตัวอักษร)"
ASK_DIMENSION = "เรื่องนี้ใกล้กับด้านไหนที่สุดคะ"
UNSURE = "unsure"
DIMENSION_CHOICES = (*(Choice(d.value, d.label_th) for d in Dimension), Choice(UNSURE, "ไม่แน่ใจ"))
ASK_URGENCY = "เร่งด่วนแค่ไหนคะ"
URGENCY_LABELS = {Urgency.URGENT: "ด่วนมาก", Urgency.SOON: "ภายในสัปดาห์นี้", Urgency.NORMAL: "ไม่เร่งด่วน"}
URGENCY_CHOICES = tuple(Choice(u.value, label) for u, label in URGENCY_LABELS.items())
ASK_PHONE = "เบอร์โทรให้เจ้าหน้าที่ติดต่อกลับคะ (ถ้าไม่สะดวกให้ กด ข้าม)"
BAD_PHONE = "อ่านเบอร์โทรไม่ออกค่ะ"
TITLE = "ตรวจสอบคำขอความช่วยเหลือ"
SECTIONS = {"problem": "ปัญหา", "urgency": "ความเร่งด่วน", "phone": "เบอร์โทร"}
SENT = "ส่งคำขอความช่วยเหลือแล้วค่ะ\nเลขที่คำขอ {reference}\nเจ้าหน้าที่ในพื้นที่ได้รับแจ้งแล้ว และจะติดต่อกลับโดยเร็ว"
ALERT_REASON = "{reference} · {urgency} · ด้าน{dimensions}\n“{story}”"
CALL_BACK = "\nโทรกลับ {phone}"
STILL_OPEN = (
    "คำขอด่วนของครัวเรือนนี้ เลขที่ {reference} ยังรอเจ้าหน้าที่อยู่ค่ะ เจ้าหน้าที่ได้รับแจ้งแล้ว "
    "และจะติดต่อกลับโดยเร็ว จึงยังไม่ส่งคำขอซ้ำ"
)
URGENT_AGAIN_AFTER = timedelta(hours=24)
TAKEN_UP = "เจ้าหน้าที่รับเรื่อง {reference} ของคุณแล้วค่ะ จะติดต่อกลับโดยเร็ว"


def start(ctx: Context, incoming: Incoming) -> list[Message]:
    """Only for a consenting citizen linked to a household: the request is always on that household."""
    if ctx.user.role.is_staff:
        return [text(FOR_CITIZENS)]
    if (asked := consent.needs_consent(ctx)) is not None:
        return asked
    if links.active_link(ctx) is None:
        return links.not_linked()
    return engine.start(ctx, HELP_REQUEST)


def read_problem(draft: Draft, answer: Answer) -> dict[str, object] | Result:
    """The story in the user's words, and the dimensions the language layer is confident about."""
    story = answer.text.strip()
    if len(story) < 4:
        return Reask(TOO_SHORT, PROBLEM_EXAMPLE)
    if len(story) > 1000:
        return Reask(TOO_LONG)
    confident = [code for code, score in nlp.score_dimensions(story) if score >= nlp.CONFIDENT]
    return {"story": story, "dimensions": confident}


def classified(draft: Draft) -> bool:
    return bool(draft.answers["problem"]["dimensions"])


def read_phone(draft: Draft, answer: Answer) -> str | Result:
    phone = nlp.parse_phone(answer.text)
    if phone is None:
        return Reask(BAD_PHONE, "081 234 5678")
    return phone


def dimensions_of(draft: Draft) -> list[str]:
    picked = draft.answers.get("dimension")
    return draft.answers["problem"]["dimensions"] or ([picked] if picked and picked != UNSURE else [])


def labels(codes: list[str]) -> str:
    return ", ".join(Dimension(code).label_th for code in codes) or "ยังไม่ระบุ"


def summary(draft: Draft) -> list[Message]:
    urgency = URGENCY_LABELS[Urgency(draft.answers["urgency"])]
    body = [
        flex.label(draft.answers["problem"]["story"]),
        flex.field("ด้าน", labels(dimensions_of(draft))),
        flex.field("ความเร่งด่วน", urgency),
        flex.field("เบอร์โทร", draft.answers.get("phone") or "ไม่ได้ให้ไว้"),
    ]
    footer = [
        flex.button(postback_action("ส่งคำขอ", SubmitButton().pack(draft), "ส่งคำขอ"), primary=True),
        flex.button(message_action("แก้ไข")),
        flex.button(message_action("ยกเลิก")),
    ]
    return [flex_message(TITLE, flex.bubble(TITLE, body, footer))]


def submit(draft: Draft) -> list[Message]:
    """Saved on the household of the user's active link (looked up now), with a reference and an alert."""
    ctx = draft.ctx
    household = links.linked_household(ctx)
    if household is None:
        return links.not_linked()
    codes, urgency = dimensions_of(draft), Urgency(draft.answers["urgency"])
    if urgency is Urgency.URGENT and (still_open := open_urgent(ctx, household)) is not None:
        return [text(STILL_OPEN.format(reference=still_open.reference), [message_action("สถานะ")])]
    request = HelpRequest(
        reference=next_reference(ctx.session, "RQ", buddhist_year(ctx.today)),
        household_id=household.id,
        user_id=ctx.user.id,
        text=draft.answers["problem"]["story"],
        dimensions=codes,
        urgency=urgency,
        phone=draft.answers.get("phone"),
        created_at=ctx.now,
    )
    ctx.session.add(request)
    ctx.session.flush()
    reason = ALERT_REASON.format(
        reference=request.reference,
        urgency=URGENCY_LABELS[urgency],
        dimensions=labels(codes),
        story=clip(request.text, 300),
    ) + (CALL_BACK.format(phone=request.phone) if request.phone else "")
    alerts.raise_alert(
        ctx,
        AlertKind.HELP_REQUEST,
        household,
        reason,
        urgent=urgency is Urgency.URGENT,
        dedupe_key=f"help_request:{request.id}",
        help_request_id=request.id,
    )
    ctx.audit("create", "help_request", str(request.id), {"urgency": urgency}
    )
    return [text(SENT.format(reference=request.reference), [message_action("สถานะ")])]


def open_urgent(ctx: Context, household: Household) -> HelpRequest | None:
    """The household's urgent request of the last day that staff have not taken up yet: while there is
    one, another urgent request would only push the same alarm again past quiet hours and mute."""
    return ctx.session.scalar(
        select(HelpRequest)
        .where(
            HelpRequest.household_id == household.id,
            HelpRequest.urgency == Urgency.URGENT,
            HelpRequest.status == HelpRequestStatus.OPEN,
            HelpRequest.created_at >= ctx.now - URGENT_AGAIN_AFTER,
        )
        .order_by(HelpRequest.id)
        .limit(1)
    )


def taken_up(ctx: Context, request: HelpRequest) -> None:
    """Tells the citizen who asked that staff took the request up (once: when it stops being open);
    quiet hours hold the message until morning."""
    asker = ctx.session.get(User, request.user_id) if request.user_id else None
    if asker is not None and asker.following and asker.consent_at is not None:
        notice = [text(TAKEN_UP.format(reference=request.reference))]
        ctx.outbox.push(asker.line_user_id, notice, urgent=False, hold_until=alerts.quiet_until(ctx.now))


HELP_REQUEST = register(
    Dialog(
        name="help_request",
        title="คำขอความช่วยเหลือ",
        steps=(
            Step(
                "problem",
                ASK_PROBLEM,
                read_problem,
                example=PROBLEM_EXAMPLE,
                section="problem",
                free_text=True,
            ),
            Step(
                "dimension", ASK_DIMENSION, choices=DIMENSION_CHOICES, skip_if=classified, section="problem"
            ),
            Step("urgency", ASK_URGENCY, choices=URGENCY_CHOICES, section="urgency"),
            Step("phone", ASK_PHONE, read_phone, optional=True, example="081 234 5678", section="phone"),
        ),
        summary=summary,
        submit=submit,
        sections=SECTIONS,
    )
)

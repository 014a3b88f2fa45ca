"""Visit report, part 3: how the household's open problems are now, and the new problems found."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

import nlp
from handlers.engine.model import Answer, Choice, Draft, NoMore, Offer, Reask, Result, Step, Value
from handlers.engine.postbacks import AnswerButton
from handlers.household_card import open_problems
from handlers.incoming import as_id
from handlers.messages import MAX_QUICK_LABEL, postback_action, text
from handlers.visit.household_steps import chosen_household, is_new
from handlers.visit.visit_steps import no_consent
from models import Indicator
from models.reference_data import CURRENT_INDICATOR_VERSION, lacking
from models.vocabulary import Dimension, ProblemStatus

STATUS_LABELS = {
    ProblemStatus.OPEN: "ยังไม่ได้รับการช่วย",
    ProblemStatus.IN_PROGRESS: "กำลังดำเนินการ",
    ProblemStatus.REFERRED: "ส่งต่อหน่วยงาน",
    ProblemStatus.HELPED: "ได้รับการช่วยแล้ว",
    ProblemStatus.SELF_RESOLVED: "แก้ไขได้เอง",
    ProblemStatus.UNRESOLVABLE: "แก้ไขไม่ได้",
}
STATUS_CHOICES = tuple(Choice(s.value, label, (s.label_th,)) for s, label in STATUS_LABELS.items())
DIMENSION_CHOICES = tuple(Choice(d.value, d.label_th) for d in Dimension)
ASK_FOLLOW_UP = (
    "ปัญหาเดิม ({index}/{total}) ด้าน{dimension}:\n{detail}\nตอนนี้เป็นอย่างไรบ้างคะ (กด ข้าม ถ้ายังเหมือนเดิม)"
)
NO_STATUS = "ยังไม่เข้าใจสถานะค่ะ เลือกจากปุ่มด้านล่าง หรือพิมพ์สั้น ๆ"
STATUS_EXAMPLE = "ได้รับแล้ว / ส่งต่อ รพ.สต. แล้ว / ยังไม่ได้"
ASK_DIMENSION = "พบปัญหาใหม่ในการเยี่ยมครั้งนี้ไหมคะ เลือกด้านของปัญหา หรือพิมพ์เล่าปัญหาได้เลย"
UNSURE = "ปัญหานี้น่าจะเป็นด้านใดคะ เลือกด้านที่ตรงที่สุด"
NO_DIMENSION = "ยังไม่แน่ใจว่าเป็นปัญหาด้านไหนค่ะ เลือกด้านจากปุ่มด้านล่าง หรือเล่าเพิ่มอีกนิด"
ASK_INDICATOR = "ตรงกับตัวชี้วัด จปฐ. ข้อใดคะ\n{lines}\n(ไม่แน่ใจกด ไม่ระบุ)"
PICK_INDICATOR = "กรุณาเลือกข้อจากปุ่มด้านล่าง หรือกด ไม่ระบุ ค่ะ"
ASK_DETAIL = "เล่ารายละเอียดปัญหาสั้น ๆ ค่ะ"
DETAIL_EXAMPLE = "หลังคารั่ว ฝนตกน้ำเข้าบ้าน"
ASK_MEMBER = "ปัญหานี้เป็นของใครคะ"
MORE_PROBLEMS = "มีปัญหาใหม่อื่นอีกไหมคะ"
PENDING = "ปัญหาที่เล่าไว้ยังอยู่ค่ะ: “{detail}”\nเลือกด้านของปัญหานี้ก่อนนะคะ แล้วจึงตอบว่าไม่มีปัญหาอื่น"
NONE_NEW = "รับทราบค่ะ ไม่มีปัญหาใหม่"
SHORT_DIMENSION = {Dimension.PUBLIC_SERVICES: "บริการรัฐ"}
BOTH = "ทั้งสองด้าน"
NO_NEW = "none"


def open_problem_items(draft: Draft) -> Sequence[tuple[str, str]]:
    household = chosen_household(draft)
    if household is None:
        return []
    return [
        (str(p.id), f"{p.dimension.value}|{p.detail or _indicator_text(draft, p.indicator_id)}")
        for p in open_problems(draft.ctx.session, household.id)
    ]


def _indicator_text(draft: Draft, indicator_id: int | None) -> str:
    indicator = draft.ctx.session.get(Indicator, indicator_id) if indicator_id else None
    return lacking(indicator) if indicator else "-"


def ask_follow_up(draft: Draft) -> str:
    items = open_problem_items(draft)
    index = draft.each_index
    dimension, detail = items[index][1].split("|", 1)
    return ASK_FOLLOW_UP.format(
        index=index + 1, total=len(items), dimension=Dimension(dimension).label_th, detail=detail
    )


def follow_up_status(draft: Draft, answer: Answer) -> str | Result:
    """A tapped status, or one told in words ("ได้รับแล้ว", "แก้เองได้แล้ว"), which beats a button label
    merely named inside it."""
    told = nlp.parse_problem_status(answer.text) if answer.kind == "text" else None
    status = told or answer.choice
    if status is None:
        return Reask(NO_STATUS, STATUS_EXAMPLE)
    return ProblemStatus(status).value


def skip_follow_up(draft: Draft) -> bool:
    return is_new(draft) or no_consent(draft)


def new_problem(draft: Draft, answer: Answer) -> str | Result:
    """A tapped dimension, or free text sorted into dimensions (asking when unsure). "No more" while a
    told problem still waits for its dimension keeps that problem and asks for its dimension again."""
    item = draft.item
    assert item is not None, "new_problem is a step of the problems group"
    if answer.choice == NO_NEW and item.get("detail"):
        codes = [code for code, _ in nlp.score_dimensions(item["detail"])[:3]]
        return Offer([text(PENDING.format(detail=item["detail"]), _dimension_options(draft, codes))])
    if answer.choice == NO_NEW:
        return NoMore()
    if answer.choice:
        return answer.choice
    scores = nlp.score_dimensions(answer.text)
    if not scores:
        return Reask(NO_DIMENSION, "หลังคารั่ว บ้านทรุดโทรม")
    told = {"detail": answer.text}
    confident = [code for code, score in scores if score >= nlp.CONFIDENT]
    if len(confident) == 1 and len(scores) == 1:
        return Value(confident[0], told)
    return Offer([text(UNSURE, _dimension_options(draft, [code for code, _ in scores[:3]]))], told)


def echo_dimension(draft: Draft, value: str | None) -> str:
    if value is None:
        return NONE_NEW
    return "บันทึกเป็นปัญหาด้าน" + "และ".join(d.label_th for d in parse_dimensions(value)) + "ค่ะ"


def _dimension_options(draft: Draft, codes: list[str]) -> list[dict[str, str]]:
    options = [
        postback_action(
            Dimension(c).label_th, AnswerButton("problem_dimension", c).pack(draft), Dimension(c).label_th
        )
        for c in codes
    ]
    if len(codes) >= 2:
        both = "+".join(codes[:2])
        whole = "ทั้งด้าน" + "และด้าน".join(Dimension(c).label_th for c in codes[:2])
        both_button = AnswerButton("problem_dimension", both).pack(draft)
        options.append(postback_action(_both_label(codes[:2]), both_button, whole))
    return options + [
        postback_action(d.label_th, AnswerButton("problem_dimension", d.value).pack(draft), d.label_th)
        for d in Dimension
        if d.value not in codes
    ]


def _both_label(codes: list[str]) -> str:
    """A whole-word label for 'both dimensions': their short names, or ทั้งสองด้าน when too long."""
    label = "ทั้ง" + "และ".join(SHORT_DIMENSION.get(Dimension(c), Dimension(c).label_th) for c in codes)
    return label if len(label) <= MAX_QUICK_LABEL else BOTH


def parse_dimensions(codes: str | None) -> list[Dimension]:
    """'health+income' (one problem told as two dimensions) → [HEALTH, INCOME]."""
    return [Dimension(code) for code in (codes or "").split("+") if code]


def dimensions_of(draft: Draft) -> list[Dimension]:
    return parse_dimensions(draft.get("problem_dimension"))


def _indicators(draft: Draft) -> list[Indicator]:
    dimensions = dimensions_of(draft)
    if len(dimensions) != 1:
        return []
    return list(
        draft.ctx.session.scalars(
            select(Indicator)
            .where(Indicator.version == CURRENT_INDICATOR_VERSION, Indicator.dimension == dimensions[0])
            .order_by(Indicator.number)
        )
    )


def ask_indicator(draft: Draft) -> str:
    lines = "\n".join(f"ข้อ {i.number}: {i.text_th}" for i in _indicators(draft))
    return ASK_INDICATOR.format(lines=lines)


def indicator_choices(draft: Draft) -> list[Choice]:
    return [Choice(str(i.id), f"ข้อ {i.number}", (str(i.number),)) for i in _indicators(draft)] + [
        Choice("none", "ไม่ระบุ", ("ไม่มี", "ไม่ทราบ", "ไม่แน่ใจ", "ไม่รู้"))
    ]


def indicator(draft: Draft, answer: Answer) -> int | Result | None:
    if answer.choice == "none":
        return None
    if (chosen := as_id(answer.choice or "")) is None:
        return Reask(PICK_INDICATOR)
    return chosen


def no_indicator_to_ask(draft: Draft) -> bool:
    return not _indicators(draft)


def detail(draft: Draft, answer: Answer) -> str | Result:
    if len(answer.text.strip()) < 2 or len(answer.text) > 500:
        return Reask("กรุณาเล่าปัญหาสั้น ๆ ไม่เกิน 500 ตัวอักษรค่ะ", DETAIL_EXAMPLE)
    return answer.text.strip()


def detail_given(draft: Draft) -> bool:
    return bool(draft.item and draft.item.get("detail"))


def member_choices(draft: Draft) -> list[Choice]:
    household = chosen_household(draft)
    members = household.members[:11] if household else []
    return [Choice(str(m.id), m.first_name) for m in members] + [Choice("household", "ทั้งครัวเรือน")]


def member(draft: Draft, answer: Answer) -> str | Result | None:
    """A member of the household being reported (as offered), or None for the whole household."""
    if answer.choice not in {c.value for c in member_choices(draft)}:
        return Reask("กรุณาเลือกสมาชิกจากปุ่มด้านล่างค่ะ")
    return None if answer.choice == "household" else answer.choice


def single_or_new_household(draft: Draft) -> bool:
    household = chosen_household(draft)
    return household is None or len(household.members) <= 1


STEPS = (
    Step(
        "followup",
        ask_follow_up,
        follow_up_status,
        choices=STATUS_CHOICES,
        optional=True,
        each=open_problem_items,
        skip_if=skip_follow_up,
        section="problems",
    ),
    Step(
        "problem_dimension",
        ASK_DIMENSION,
        new_problem,
        choices=(*DIMENSION_CHOICES, Choice(NO_NEW, "ไม่มีปัญหาใหม่", ("ไม่มี",), ends=True)),
        skip_if=no_consent,
        group="problem",
        section="problems",
        echo=echo_dimension,
    ),
    Step(
        "problem_indicator",
        ask_indicator,
        indicator,
        choices=indicator_choices,
        skip_if=no_indicator_to_ask,
        group="problem",
        section="problems",
    ),
    Step(
        "problem_detail",
        ASK_DETAIL,
        detail,
        skip_if=detail_given,
        group="problem",
        section="problems",
        example=DETAIL_EXAMPLE,
    ),
    Step(
        "problem_member",
        ASK_MEMBER,
        member,
        choices=member_choices,
        skip_if=single_or_new_household,
        group="problem",
        section="problems",
    ),
)

"""Taking an answer at a step: matching typed words to its choices, an answer meant for a later step,
and applying what the step's parser returned."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import nlp
from handlers.engine import asking
from handlers.engine import navigation as nav
from handlers.engine.answers import yes_or_no
from handlers.engine.cursor import Pending
from handlers.engine.model import Answer, Back, Confirm, Draft, NoMore, Offer, Reask, Step, Value, as_result
from handlers.engine.moves import yes_no_question
from handlers.messages import Message, text

EXAMPLE = "\nตัวอย่าง: {example}"
PICK_ONE = "กรุณาเลือกจากตัวเลือกด้านล่าง หรือพิมพ์ให้ตรงกับตัวเลือกค่ะ"
PICKED_DATE = "เลือกวันที่ {day} ค่ะ"


def names_a_choice(draft: Draft, answer: Answer) -> bool:
    """Typed text that is, word for word, a label of the question's own buttons ("ไม่ระบุ", "ไม่มี"): an
    answer, even where the same words would otherwise be a command (ข้าม, ยกเลิก)."""
    step = asking.current_step(draft)
    if step is None or answer.kind != "text":
        return False
    names = {name.replace(" ", "") for c in asking.choices_of(draft, step) for name in (c.label, *c.aliases)}
    return answer.text.replace(" ", "") in names


def answered_later(draft: Draft, step: Step, answer: Answer) -> list[Message] | None:
    """Typed text that is none of the step's choices but the answer of a step a choice leads to: that
    choice is taken and the text answers its step. None when no such step reads the text."""
    if answer.kind != "text" or answer.choice is not None:
        return None
    for choice in asking.choices_of(draft, step):
        if choice.then is not None and _reads(draft, draft.dialog.step(choice.then), answer):
            nav.take_choice(draft, choice)
            target = asking.current_step(draft)
            return take(draft, target, answer) if target and target.name == choice.then else asking.ask(draft)
    return None


def _reads(draft: Draft, step: Step, answer: Answer) -> bool:
    """Whether step's parser takes the answer as a plain value (a parser changes nothing, so asking
    it outside its turn is safe)."""
    return isinstance(_parse(draft, step, answer), Value)


def _parse(draft: Draft, step: Step, answer: Answer) -> Any:
    if step.parse is not None:
        return as_result(step.parse(draft, answer))
    return Reask(PICK_ONE) if answer.choice is None else Value(answer.choice)


def take(draft: Draft, step: Step, answer: Answer) -> list[Message]:
    """Applies what the step's parser made of the answer."""
    result = _parse(draft, step, answer)
    if isinstance(result, Reask):
        example = result.example or step.example
        said = result.problem + (EXAMPLE.format(example=example) if example else "")
        return [text(said), *asking.ask(draft)]
    if isinstance(result, Confirm):
        draft.cursor.pending = Pending("value", result.value)
        return [yes_no_question(draft, result.question)]
    if isinstance(result, Offer):
        nav.hold(draft, dict(result.hold))
        return asking.attach_quick_replies(list(result.messages), asking.quick_replies(draft, step))
    if isinstance(result, Back):
        return nav.back(draft) or asking.ask(draft)
    if isinstance(result, NoMore):
        return _heard(draft, step, answer, None) + nav.end_group(draft)
    nav.hold(draft, dict(result.also))
    nav.store(draft, result.value)
    return _heard(draft, step, answer, result.value) + nav.forward(draft)


def _heard(draft: Draft, step: Step, answer: Answer, value: Any) -> list[Message]:
    """How a typed answer was read; a picked date is said back too, as a date picker leaves nothing
    in the user's chat (LINE allows it no displayText)."""
    if answer.kind == "date" and answer.picked_date:
        return [text(PICKED_DATE.format(day=nlp.thai_date(answer.picked_date)))]
    if step.echo is None or answer.kind != "text":
        return []
    said = step.echo(draft, value)
    return [text(said)] if said else []


def with_choice(draft: Draft, step: Step, answer: Answer) -> Answer:
    """Typed text that matches one of the step's choices counts as tapping it. The choice that ends a
    group ("ไม่มีปัญหาใหม่") is chosen by any typed no, and by nothing else: "ไม่มีคนดูแล" names a
    problem, not the end of them."""
    if answer.choice is not None or answer.kind != "text":
        return answer
    choices = asking.choices_of(draft, step)
    options = {c.value: (c.label, *c.aliases) for c in choices}
    chosen = nlp.match_choice(answer.text, options) if options else None
    ending = next((c.value for c in choices if c.ends), None)
    if ending is not None:
        chosen = ending if yes_or_no(answer) is False else (None if chosen == ending else chosen)
    return replace(answer, choice=chosen) if chosen else answer

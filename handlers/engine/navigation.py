"""How a draft moves: asking a step, going forward through groups and loops, going back, editing."""

from __future__ import annotations

from typing import Any

from handlers import messages
from handlers.engine import asking
from handlers.engine.cursor import MORE, SUMMARY, Position
from handlers.engine.model import Choice, Draft, Step
from handlers.messages import Message

KEEP = "ใช้คำตอบเดิม"
EARLIER = 'คำตอบเดิม: {answer}\nกด "ใช้คำตอบเดิม" หรือพิมพ์คำตอบใหม่ค่ะ'
KEPT = "{section}ที่กรอกไว้ยังอยู่ {count} รายการค่ะ (ดูในสรุป)\n{more}"














def store(draft: Draft, value: Any) -> None:
    """Keeps an answer: per item in a group, per entry for an each-step, else on the draft."""
    step = draft.dialog.step(draft.cursor.step)
    if step.each is not None and (item := draft.each_item) is not None:
        draft.answers.setdefault(step.name, {})[item[0]] = value
    elif step.group is not None and draft.item is not None:
        draft.item[step.name] = value
    else:
        draft.answers[step.name] = value


def hold(draft: Draft, told: dict[str, Any]) -> None:
    """Keeps answers told along with another (a problem's detail), in the group item if there is one."""
    (draft.item if draft.item is not None else draft.answers).update(told)


def begin(draft: Draft, at_step: str | None = None) -> list[Message]:
    """Asks the first question, or the given step (SUMMARY: straight to the summary card)."""
    if at_step == SUMMARY:
        draft.cursor.step = SUMMARY
        return asking.ask(draft)
    return _go_from(draft, draft.dialog.index(at_step) if at_step else 0)


def forward(draft: Draft) -> list[Message]:
    """Moves past the answered step and asks whatever comes next."""
    step = draft.dialog.step(draft.cursor.step)
    draft.cursor.history.append(draft.cursor.position())
    if step.each is not None and draft.cursor.each + 1 < len(step.each(draft)):
        draft.cursor.each += 1
        return asking.ask(draft)
    if step.group is not None and _last_of_group(draft, step):
        draft.cursor.step, draft.cursor.more = MORE, step.group
        return asking.ask_more(draft)
    return _go_from(draft, draft.dialog.index(step.name) + 1)


def end_group(draft: Draft) -> list[Message]:
    """No (more) item: the item being asked goes, and the steps after the group come."""
    step = draft.dialog.step(draft.cursor.step)
    assert step.group is not None and draft.cursor.item is not None, "only a group's step ends it"
    draft.answers[step.group].pop(draft.cursor.item)
    draft.cursor.history.append(draft.cursor.position())
    return _after_group(draft, step.group)


def take_choice(draft: Draft, choice: Choice) -> None:
    """Goes where a choice leads: back to an earlier step (history unwound), or past the current step
    with the choice kept as its answer."""
    target = choice.then or draft.cursor.step
    if draft.dialog.index(target) <= draft.dialog.index(draft.cursor.step):
        while draft.cursor.step != target and draft.cursor.history:
            _return_to(draft, draft.cursor.history.pop())
        draft.cursor.step = target
        return
    store(draft, choice.value)
    forward(draft)


def more_answered(draft: Draft, wants_more: bool) -> list[Message]:
    group = draft.cursor.more or ""
    draft.cursor.more = None
    items = draft.answers.setdefault(group, [])
    if wants_more and len(items) < draft.dialog.group(group).max_items:
        return _enter(draft, _first_of_group(draft, group))
    return _after_group(draft, group)


def redo_group(draft: Draft) -> list[Message]:
    """กรอกใหม่ทั้งหมด, while editing a group from the summary: its items go and it starts afresh."""
    group = draft.cursor.more or ""
    draft.cursor.more = None
    draft.answers[group] = []
    return _enter(draft, _first_of_group(draft, group))




def _ask_kept(draft: Draft, step: Step) -> list[Message]:
    """Editing a group from the summary: its items are kept, and the officer may add or redo them."""
    assert step.group is not None, "only a step of a group is edited by group"
    draft.cursor.step, draft.cursor.more = MORE, step.group
    count = len(draft.answers[step.group])
    more = draft.dialog.group(step.group).more
    section = draft.dialog.sections.get(step.section or "", "")
    return asking.ask_more(draft, KEPT.format(section=section, count=count, more=more))


def _after_group(draft: Draft, group: str) -> list[Message]:
    last = max(i for i, s in enumerate(draft.dialog.steps) if s.group == group)
    return _go_from(draft, last + 1)


def _go_from(draft: Draft, index: int) -> list[Message]:
    """Asks the first step from index on that applies, or shows the summary at the end.

    A skipped first step of a group skips the whole group; while editing one section from the
    summary, steps of other sections are passed over.
    """
    returning = draft.cursor.return_to
    steps = draft.dialog.steps
    while index < len(steps):
        step = steps[index]
        index += 1
        if (returning and step.section != returning) or (step.each is not None and not step.each(draft)):
            continue
        if step.skip_if is not None and step.skip_if(draft):
            if step.group is not None and step is _first_of_group(draft, step.group):
                index = 1 + max(i for i, s in enumerate(steps) if s.group == step.group)
            continue
        if returning and _has_items(draft, step):
            return _ask_kept(draft, step)
        return _enter(draft, step)
    draft.cursor.return_to, draft.cursor.item = None, None
    draft.cursor.step = SUMMARY
    return asking.ask(draft)


def _enter(draft: Draft, step: Step) -> list[Message]:
    draft.cursor.step, draft.cursor.each = step.name, 0
    if step.group is not None and step is _first_of_group(draft, step.group):
        items = draft.answers.setdefault(step.group, [])
        items.append({})
        draft.cursor.item = len(items) - 1
    return asking.ask(draft)


def edit(draft: Draft, section: str) -> list[Message]:
    """Jumps to the first step of a summary section; after that section the summary comes back. A
    group's items are kept: the officer adds to them or enters them again."""
    first = next(s for s in draft.dialog.steps if s.section == section)
    draft.cursor.return_to = section
    return _go_from(draft, draft.dialog.index(first.name))


def back(draft: Draft) -> list[Message] | None:
    """Returns to the previous question; None when there is none."""
    if not draft.cursor.history:
        return None
    _return_to(draft, draft.cursor.history.pop())
    draft.cursor.more = None
    return _offer_earlier(draft, asking.ask(draft))


def _return_to(draft: Draft, position: Position) -> None:
    draft.cursor.step, draft.cursor.each = position.step, position.each
    if position.item is not None:
        draft.cursor.item = position.item


def _offer_earlier(draft: Draft, out: list[Message]) -> list[Message]:
    """Back at a question answered in the user's words: the answer is shown, and one tap sends it again."""
    step = asking.current_step(draft)
    earlier = draft.get(step.name) if step else None
    typed = isinstance(earlier, str) and 0 < len(earlier) <= 300
    if step is None or not typed or asking.choices_of(draft, step):
        return out
    keep = {"type": "action", "action": messages.message_action(KEEP, earlier)}
    last = dict(out[-1])
    items = [keep, *last.get("quickReply", {}).get("items", [])][: messages.MAX_QUICK_REPLIES]
    last["quickReply"] = {"items": items}
    return [messages.text(EARLIER.format(answer=earlier)), *out[:-1], last]


def _has_items(draft: Draft, step: Step) -> bool:
    """The first step of a group whose items were entered already."""
    return bool(step.group and draft.answers.get(step.group) and step is _first_of_group(draft, step.group))


def _first_of_group(draft: Draft, group: str) -> Step:
    return next(s for s in draft.dialog.steps if s.group == group)


def _last_of_group(draft: Draft, step: Step) -> bool:
    later = draft.dialog.steps[draft.dialog.index(step.name) + 1 :]
    return not any(s.group == step.group and not (s.skip_if and s.skip_if(draft)) for s in later)

"""How a draft moves: asking a step, going forward through groups and loops, going back."""

from __future__ import annotations

from typing import Any

from handlers import messages
from handlers.dialog_model import END_GROUP, Choice, Draft, Step
from handlers.messages import Message

SUMMARY = "_summary"
OFFERS = "_offers"
MORE_QUESTION = "_more"
BACK, SKIP = "ย้อนกลับ", "ข้าม"
REDO = "กรอกใหม่ทั้งหมด"
KEEP = "ใช้คำตอบเดิม"
EARLIER = 'คำตอบเดิม: {answer}\nกด "ใช้คำตอบเดิม" หรือพิมพ์คำตอบใหม่ค่ะ'
KEPT = "{section}ที่กรอกไว้ยังอยู่ {count} รายการค่ะ (ดูในสรุป)\n{more}"


def postback(draft: Draft, action: str, *args: str) -> str:
    """Engine postback data: dlg|action|dialog|draft key|args…, checked against the live draft."""
    return "|".join(("dlg", action, draft.dialog.name, draft.key, *args))


def choices_of(draft: Draft, step: Step) -> list[Choice]:
    return list(step.choices(draft) if callable(step.choices) else step.choices)


def offered(draft: Draft, step: Step) -> set[str]:
    """The answers a button of this step may carry: its declared choices, and the values of the buttons
    the step showed (search results, villages, dimensions) while it was the current question."""
    shown = draft.data.get(OFFERS) or {}
    values = shown.get("values", []) if shown.get("step") == step.name else []
    return {c.value for c in choices_of(draft, step)} | set(values)


def remember_offers(draft: Draft, out: list[Message]) -> None:
    """Notes the values of the current step's buttons among the messages sent this turn."""
    prefix = postback(draft, "ans", draft.step) + "|"
    shown = {data.removeprefix(prefix) for data in _postback_data(out) if data.startswith(prefix)}
    before = draft.data.get(OFFERS) or {}
    kept = set(before.get("values", [])) if before.get("step") == draft.step else set()
    draft.data[OFFERS] = {"step": draft.step, "values": sorted(kept | shown)}


def _postback_data(node: Any) -> list[str]:
    if isinstance(node, list):
        return [data for child in node for data in _postback_data(child)]
    if not isinstance(node, dict):
        return []
    own = [node["data"]] if node.get("type") == "postback" and isinstance(node.get("data"), str) else []
    return own + [data for value in node.values() for data in _postback_data(value)]


def ask(draft: Draft) -> list[Message]:
    """The current question, with its choices, picker and navigation as quick replies."""
    if draft.step == SUMMARY and draft.dialog.summary is not None:
        return draft.dialog.summary(draft)
    if draft.step == MORE_QUESTION:
        return _ask_more(draft)
    step = draft.dialog.step(draft.step)
    question = step.ask(draft) if callable(step.ask) else step.ask
    out = [messages.text(question)] if isinstance(question, str) else list(question)
    return attach_quick_replies(out, quick_replies(draft, step))


def attach_quick_replies(out: list[Message], quick: list[dict[str, Any]]) -> list[Message]:
    """Puts the quick replies under the last message, unless it already carries its own."""
    if out and quick and "quickReply" not in out[-1]:
        out[-1] = messages.with_quick_replies(dict(out[-1]), quick)
    return out


def quick_replies(draft: Draft, step: Step) -> list[dict[str, Any]]:
    quick = [
        messages.postback_action(c.label, postback(draft, "ans", step.name, c.value), c.label)
        for c in choices_of(draft, step)
    ]
    if step.date_picker is not None:
        quick.append(
            messages.date_action("เลือกวันที่", postback(draft, "date", step.name), **step.date_picker(draft))
        )
    if "location" in step.accepts:
        quick.append(messages.location_action())
    if "image" in step.accepts:
        quick.extend([messages.camera_action(), messages.camera_roll_action()])
    return (quick + navigation(draft, step))[: messages.MAX_QUICK_REPLIES]


def navigation(draft: Draft, step: Step) -> list[dict[str, Any]]:
    """Skip (for optional steps) and back, offered under every question."""
    quick = [messages.message_action(SKIP)] if step.optional else []
    if draft.data["_history"]:
        quick.append(messages.message_action(BACK))
    return quick


def store(draft: Draft, value: Any) -> None:
    """Keeps an answer: per item in a group, per entry for an each-step, else on the draft."""
    step = draft.dialog.step(draft.step)
    if step.each is not None and (item := draft.each_item) is not None:
        draft.data.setdefault(step.name, {})[item[0]] = value
    elif step.group is not None and draft.item is not None:
        draft.item[step.name] = value
    else:
        draft.data[step.name] = value


def begin(draft: Draft, at_step: str | None = None) -> list[Message]:
    """Asks the first question, or the given step (SUMMARY: straight to the summary card)."""
    if at_step == SUMMARY:
        draft.step = SUMMARY
        return ask(draft)
    return _go_from(draft, draft.dialog.index(at_step) if at_step else 0)


def forward(draft: Draft, value: Any = None) -> list[Message]:
    """Moves past the answered step and asks whatever comes next."""
    step = draft.dialog.step(draft.step)
    _remember(draft)
    if step.each is not None and draft.data.get("_each", 0) + 1 < len(step.each(draft)):
        draft.data["_each"] = draft.data.get("_each", 0) + 1
        return ask(draft)
    if step.group is not None:
        if value == END_GROUP:
            draft.data[step.group].pop(draft.data["_item"])
            return _after_group(draft, step.group)
        if _last_of_group(draft, step):
            draft.step = MORE_QUESTION
            draft.data["_more"] = step.group
            return _ask_more(draft)
    return _go_from(draft, draft.dialog.index(step.name) + 1)


def more_answered(draft: Draft, wants_more: bool) -> list[Message]:
    group = draft.data.pop("_more")
    items = draft.data.setdefault(group, [])
    if wants_more and len(items) < draft.dialog.group(group).max_items:
        return _enter(draft, _first_of_group(draft, group))
    return _after_group(draft, group)


def redo_group(draft: Draft) -> list[Message]:
    """กรอกใหม่ทั้งหมด, while editing a group from the summary: its items go and it starts afresh."""
    group = draft.data.pop("_more")
    draft.data[group] = []
    return _enter(draft, _first_of_group(draft, group))


def _ask_more(draft: Draft, question: str | None = None) -> list[Message]:
    group = draft.dialog.group(draft.data["_more"])
    buttons = [
        messages.postback_action("มีอีก", postback(draft, "more", "yes")),
        messages.postback_action("ไม่มีแล้ว", postback(draft, "more", "no")),
    ]
    if question is not None:
        buttons.append(messages.postback_action(REDO, postback(draft, "more", "redo")))
    return [messages.text(question or group.more, buttons)]


def _ask_kept(draft: Draft, step: Step) -> list[Message]:
    """Editing a group from the summary: its items are kept, and the officer may add or redo them."""
    assert step.group is not None, "only a step of a group is edited by group"
    draft.step = MORE_QUESTION
    draft.data["_more"] = step.group
    count = len(draft.data[step.group])
    more = draft.dialog.group(step.group).more
    section = draft.dialog.sections.get(step.section or "", "")
    return _ask_more(draft, KEPT.format(section=section, count=count, more=more))


def _after_group(draft: Draft, group: str) -> list[Message]:
    last = max(i for i, s in enumerate(draft.dialog.steps) if s.group == group)
    return _go_from(draft, last + 1)


def _go_from(draft: Draft, index: int) -> list[Message]:
    """Asks the first step from index on that applies, or shows the summary at the end.

    A skipped first step of a group skips the whole group; while editing one section from the
    summary, steps of other sections are passed over.
    """
    returning = draft.data.get("_return")
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
    draft.data.pop("_return", None)
    draft.step = SUMMARY
    draft.data.pop("_item", None)
    return ask(draft) if draft.dialog.summary else []


def _enter(draft: Draft, step: Step) -> list[Message]:
    draft.step = step.name
    draft.data["_each"] = 0
    if step.group is not None and step is _first_of_group(draft, step.group):
        items = draft.data.setdefault(step.group, [])
        items.append({})
        draft.data["_item"] = len(items) - 1
    return ask(draft)


def edit(draft: Draft, section: str) -> list[Message]:
    """Jumps to the first step of a summary section; after that section the summary comes back. A
    group's items are kept: the officer adds to them or enters them again."""
    first = next(s for s in draft.dialog.steps if s.section == section)
    draft.data["_return"] = section
    return _go_from(draft, draft.dialog.index(first.name))


def back(draft: Draft) -> list[Message] | None:
    """Returns to the previous question; None when there is none."""
    history = draft.data["_history"]
    if not history:
        return None
    draft.step, draft.data["_each"], item = history.pop()
    draft.data.pop("_more", None)
    if item is not None:
        draft.data["_item"] = item
    return _offer_earlier(draft, ask(draft))


def _offer_earlier(draft: Draft, out: list[Message]) -> list[Message]:
    """Back at a question answered in the user's words: the answer is shown, and one tap sends it again."""
    step = draft.dialog.step(draft.step)
    earlier = draft.get(step.name)
    if not isinstance(earlier, str) or not earlier or choices_of(draft, step) or len(earlier) > 300:
        return out
    keep = {"type": "action", "action": messages.message_action(KEEP, earlier)}
    last = dict(out[-1])
    items = [keep, *last.get("quickReply", {}).get("items", [])][: messages.MAX_QUICK_REPLIES]
    last["quickReply"] = {"items": items}
    return [messages.text(EARLIER.format(answer=earlier)), *out[:-1], last]


def _remember(draft: Draft) -> None:
    draft.data["_history"].append([draft.step, draft.data.get("_each", 0), draft.data.get("_item")])


def _has_items(draft: Draft, step: Step) -> bool:
    """The first step of a group whose items were entered already."""
    return bool(step.group and draft.data.get(step.group) and step is _first_of_group(draft, step.group))


def _first_of_group(draft: Draft, group: str) -> Step:
    return next(s for s in draft.dialog.steps if s.group == group)


def _last_of_group(draft: Draft, step: Step) -> bool:
    later = draft.dialog.steps[draft.dialog.index(step.name) + 1 :]
    return not any(s.group == step.group and not (s.skip_if and s.skip_if(draft)) for s in later)

"""Where a draft is: the engine's own state, kept apart from the user's answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SUMMARY = "_summary"
MORE = "_more"


@dataclass
class Position:
    """A question once asked: its step, the entry of an each-step, the group item."""

    step: str
    each: int = 0
    item: int | None = None


@dataclass
class Pending:
    """A yes/no question waiting: to cancel the draft, or to take an unusual value."""

    kind: str
    value: Any = None


@dataclass
class Offered:
    """The values the step's buttons carried while it was the current question."""

    step: str = ""
    values: list[str] = field(default_factory=list)


@dataclass
class Cursor:
    key: str
    step: str
    history: list[Position] = field(default_factory=list)
    each: int = 0
    item: int | None = None
    return_to: str | None = None
    """While editing one summary section: that section; the summary comes back after it."""
    more: str | None = None
    """The repeat group whose 'any more?' is being asked."""
    pending: Pending | None = None
    parked: dict[str, Any] | None = None
    """A draft set aside for this side trip (stored form), given back when this one ends."""
    offered: Offered = field(default_factory=Offered)
    resume_offered: bool = False

    def position(self) -> Position:
        return Position(self.step, self.each, self.item)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Cursor:
        pending = data.get("pending")
        return cls(
            key=str(data["key"]),
            step=str(data["step"]),
            history=[Position(**position) for position in data.get("history", [])],
            each=int(data.get("each", 0)),
            item=data.get("item"),
            return_to=data.get("return_to"),
            more=data.get("more"),
            pending=Pending(**pending) if pending else None,
            parked=data.get("parked"),
            offered=Offered(**data.get("offered", {})),
            resume_offered=bool(data.get("resume_offered", False)),
        )


def from_old_shape(step: str, data: dict[str, Any]) -> tuple[dict[str, Any], Cursor]:
    """A draft stored by the first engine (engine keys among the answers, `_`-prefixed): split apart."""
    confirm = data.get("_confirm")
    offers = data.get("_offers") or {}
    parked = data.get("_parked")
    cursor = Cursor(
        key=str(data["_key"]),
        step=step,
        history=[Position(str(s), int(e), i) for s, e, i in data.get("_history", [])],
        each=int(data.get("_each", 0)),
        item=data.get("_item"),
        return_to=data.get("_return"),
        more=data.get("_more"),
        pending=Pending(confirm["kind"], confirm.get("value")) if confirm else None,
        parked=_old_parked(parked) if parked else None,
        offered=Offered(str(offers.get("step", "")), list(offers.get("values", []))),
        resume_offered=bool(data.get("_offered", False)),
    )
    answers = {name: value for name, value in data.items() if not name.startswith("_")}
    return answers, cursor


def _old_parked(parked: dict[str, Any]) -> dict[str, Any]:
    answers, cursor = from_old_shape(parked["step"], parked["data"])
    return {"dialog": parked["dialog"], "answers": answers, "cursor": cursor.to_json()}

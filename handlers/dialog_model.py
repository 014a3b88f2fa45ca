"""The data a dialog is declared with: steps, choices, repeatable groups, and the live draft."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from handlers.context import Context
from handlers.incoming import Location
from handlers.messages import Message


class Reask(Exception):
    """A parser could not read the answer: the message says what is expected (an example helps)."""

    def __init__(self, problem: str, example: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.example = example


class Confirm(Exception):
    """The answer is readable but unusual: ask a yes/no question before accepting value."""

    def __init__(self, question: str, value: Any) -> None:
        super().__init__(question)
        self.question = question
        self.value = value


class Offer(Exception):
    """Show these messages and stay on the step: options to pick from, or a receipt for a photo."""

    def __init__(self, messages: list[Message]) -> None:
        super().__init__("offer")
        self.messages = messages


class GoBack(Exception):
    """The answer means 'not this one': return to the previous question."""


END_GROUP = "__end_group__"
SKIPPED = None


@dataclass(frozen=True)
class Answer:
    """What the user gave for a step: typed text, a tapped choice, a picked date, a photo, a place."""

    kind: str
    text: str = ""
    choice: str | None = None
    picked_date: date | None = None
    location: Location | None = None
    message_id: str | None = None
    image_set: tuple[str, int, int] | None = None


@dataclass(frozen=True)
class Choice:
    """A button of a step. `then` names the step this choice leads to: an answer typed for that step
    (a national ID where the method is asked) is taken there, and this choice follows from it."""

    value: str
    label: str
    aliases: tuple[str, ...] = ()
    then: str | None = None


Asker = Callable[["Draft"], "str | list[Message]"]
Parser = Callable[["Draft", Answer], Any]
Choices = Sequence[Choice] | Callable[["Draft"], Sequence[Choice]]


@dataclass(frozen=True)
class Step:
    """One question. `echo` says back how a typed answer was read (an amount, a date, a dimension),
    so a person sees at once when the bot misunderstood."""

    name: str
    ask: str | Asker
    parse: Parser | None = None
    choices: Choices = ()
    example: str = ""
    help: str = ""
    optional: bool = False
    skip_if: Callable[[Draft], bool] | None = None
    accepts: frozenset[str] = frozenset({"text", "choice"})
    date_picker: Callable[[Draft], dict[str, str]] | None = None
    group: str | None = None
    each: Callable[[Draft], Sequence[tuple[str, str]]] | None = None
    section: str | None = None
    free_text: bool = False
    """The answer is a story in the user's words: words such as ช่วยด้วย are its content, not a side trip."""
    echo: Callable[[Draft, Any], str] | None = None


@dataclass(frozen=True)
class Group:
    """Steps asked again for each item (problems, assistance) until the user says there is no more."""

    name: str
    more: str
    max_items: int = 10


@dataclass(frozen=True)
class Dialog:
    name: str
    title: str
    steps: tuple[Step, ...]
    submit: Callable[[Draft], list[Message]]
    summary: Callable[[Draft], list[Message]] | None = None
    groups: tuple[Group, ...] = ()
    on_image: Callable[[Draft, Answer], list[Message]] | None = None
    receipt: Callable[[Context, str], list[Message] | None] | None = None
    sections: dict[str, str] = field(default_factory=dict)

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    def group(self, name: str) -> Group:
        return next(g for g in self.groups if g.name == name)

    def index(self, name: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.name == name)


@dataclass
class Draft:
    """A dialog in progress: the handler context plus everything answered so far."""

    ctx: Context
    dialog: Dialog
    step: str
    data: dict[str, Any]
    closed: bool = False

    @property
    def key(self) -> str:
        """The draft's nonce: it guards postbacks against replay and makes submission idempotent."""
        return str(self.data["_key"])

    def get(self, name: str, default: Any = None) -> Any:
        """An answer: inside a repeat group the current item's, else the dialog's."""
        item = self.item
        if item is not None and name in item:
            return item[name]
        return self.data.get(name, default)

    @property
    def item(self) -> dict[str, Any] | None:
        position = self.data.get("_item")
        step = self.dialog.step(self.step) if self.step in {s.name for s in self.dialog.steps} else None
        if position is None or step is None or step.group is None:
            return None
        return self.data.setdefault(step.group, [])[position]

    @property
    def each_item(self) -> tuple[str, str] | None:
        """For a step asked once per item (e.g. each open problem): the item being asked about."""
        step = self.dialog.step(self.step)
        if step.each is None:
            return None
        items = step.each(self)
        index = self.data.get("_each", 0)
        return items[index] if index < len(items) else None

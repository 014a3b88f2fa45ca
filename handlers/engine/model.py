"""The data a dialog is declared with (steps, choices, groups), what a parser returns, and the live draft:
the user's answers and, apart from them, the engine's cursor."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from handlers.context import Context
from handlers.engine.cursor import Cursor
from handlers.incoming import Location
from handlers.messages import Message


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
class Value:
    """The answer, read; `also` are more answers told in the same words (a problem's detail)."""

    value: Any
    also: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reask:
    """The answer could not be read: the problem, with an example of a good answer."""

    problem: str
    example: str = ""


@dataclass(frozen=True)
class Confirm:
    """Readable but unusual: a yes/no question before value is taken."""

    question: str
    value: Any


@dataclass(frozen=True)
class Offer:
    """Show these messages and stay on the step; `hold` keeps what was told meanwhile (answers)."""

    messages: list[Message]
    hold: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Back:
    """The answer means 'not this one': the previous question again."""


@dataclass(frozen=True)
class NoMore:
    """No (more) item for this repeat group: the item being asked is dropped and the group ends."""


Result = Value | Reask | Confirm | Offer | Back | NoMore
RESULTS = (Value, Reask, Confirm, Offer, Back, NoMore)


def as_result(returned: Any) -> Result:
    """A parser returns a Result, or a plain value (read as Value)."""
    return returned if isinstance(returned, RESULTS) else Value(returned)


@dataclass(frozen=True)
class Choice:
    """A button of a step. `then` names the step this choice leads to: an answer typed for that step
    (a national ID where the method is asked) is taken there, and this choice follows from it. A choice
    that `ends` its group is chosen by a typed no, and by nothing else."""

    value: str
    label: str
    aliases: tuple[str, ...] = ()
    then: str | None = None
    ends: bool = False


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

    def has_step(self, name: str) -> bool:
        return any(s.name == name for s in self.steps)

    def group(self, name: str) -> Group:
        return next(g for g in self.groups if g.name == name)

    def index(self, name: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.name == name)


@dataclass
class Draft:
    """A dialog in progress: the turn's context, the user's answers, and the engine's cursor."""

    ctx: Context
    dialog: Dialog
    answers: dict[str, Any]
    cursor: Cursor
    closed: bool = False

    @property
    def key(self) -> str:
        """The draft's nonce: it guards postbacks against replay and makes submission idempotent."""
        return self.cursor.key

    @property
    def step(self) -> str:
        return self.cursor.step

    @property
    def each_index(self) -> int:
        return self.cursor.each

    def get(self, name: str, default: Any = None) -> Any:
        """An answer: inside a repeat group the current item's, else the dialog's."""
        item = self.item
        if item is not None and name in item:
            return item[name]
        return self.answers.get(name, default)

    @property
    def item(self) -> dict[str, Any] | None:
        """The repeat group's item being answered, if the current step belongs to a group."""
        position = self.cursor.item
        if position is None or not self.dialog.has_step(self.cursor.step):
            return None
        group = self.dialog.step(self.cursor.step).group
        items = self.answers.setdefault(group, []) if group else []
        return items[position] if group and position < len(items) else None

    @property
    def each_item(self) -> tuple[str, str] | None:
        """For a step asked once per item (e.g. each open problem): the item being asked about."""
        step = self.dialog.step(self.cursor.step)
        if step.each is None:
            return None
        items = step.each(self)
        return items[self.cursor.each] if self.cursor.each < len(items) else None

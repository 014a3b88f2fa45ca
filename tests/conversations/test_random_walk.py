"""Conversations played like people play them: a seeded random walk through every dialog, checked after
every turn (see walk.py and checks.py).

CONVERSATION_SEED=<n> replays one walk (the seed is printed, and named in every failure);
CONVERSATION_TURNS=<n> changes the length of each walk. The long walks carry the `slow` marker:
`make test-slow`.
"""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import func, select

from models import Alert, AlertState, CitizenLink, HelpRequest, Household, InviteCode, Visit
from models.vocabulary import HouseholdSource
from tests.conversations.checks import logged_failures
from tests.conversations.walk import Walk
from tests.conversations.world import build

WALKS = 4
TURNS = 500
SLOW_WALKS = 8
SLOW_TURNS = 3000


def seed_of(default: int | None) -> int:
    """CONVERSATION_SEED if set; else the walk's fixed seed, or (long walks) a fresh one."""
    pinned = os.environ.get("CONVERSATION_SEED")
    if pinned:
        return int(pinned)
    return default if default is not None else int.from_bytes(os.urandom(4))


def walk(chat, seed: int, turns: int) -> Walk:
    """Plays one walk of CONVERSATION_TURNS (or `turns`) turns and prints what it did."""
    turns = int(os.environ.get("CONVERSATION_TURNS", turns))
    started = time.perf_counter()
    with logged_failures() as failures:
        played = Walk(build(chat), seed, failures)
        played.run(turns)
    depth = reached(chat)
    print(f"\nconversation walk seed={seed}: {played.turns} turns in {time.perf_counter() - started:.1f} s, "
          f"{dict(played.played)}, reached {depth}")
    assert played.turns >= turns
    if turns >= TURNS:
        assert depth["visits"] + depth["help requests"] > 1, f"seed={seed}: no walk got to a receipt: {depth}"
    return played


def reached(chat) -> dict[str, int]:
    """How deep the walk got: what its conversations left in the database."""
    counted = {
        "visits": select(func.count()).select_from(Visit),
        "amended": select(func.count()).select_from(Visit).where(Visit.revision > 1),
        "added households": select(func.count()).select_from(Household).where(
            Household.source == HouseholdSource.FIELD_ADDED
        ),
        "help requests": select(func.count()).select_from(HelpRequest),
        "links": select(func.count()).select_from(CitizenLink),
        "alerts acted on": select(func.count()).select_from(Alert).where(Alert.state != AlertState.NEW),
        "invites used": select(func.count()).select_from(InviteCode).where(InviteCode.used_at.is_not(None)),
    }
    with chat.rt.sessions() as session:
        return {name: session.scalar(query) for name, query in counted.items()}


@pytest.mark.parametrize("number", range(WALKS))
def test_a_walk_through_every_conversation_breaks_nothing(chat, number):
    walk(chat, seed_of(1300 + number), TURNS)


@pytest.mark.slow
@pytest.mark.parametrize("number", range(SLOW_WALKS))
def test_a_long_walk_breaks_nothing(chat, number):
    walk(chat, seed_of(None), SLOW_TURNS)

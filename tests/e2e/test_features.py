"""The feature registry: the router's tables come from it, each dialog belongs to one feature, and
every command a feature declares has words that reach it."""

from __future__ import annotations

from handlers import features, router
from handlers.commands import EXTRA_COMMANDS
from handlers.engine.store import DIALOGS
from nlp.intents import INTENTS


def test_the_router_tables_are_the_registrys():
    assert features.commands() == router.COMMANDS
    assert features.buttons_table() == router.POSTBACKS


def test_every_dialog_belongs_to_exactly_one_feature():
    declared = [dialog.name for feature in features.FEATURES for dialog in feature.dialogs]
    assert sorted(declared) == sorted(DIALOGS) and len(declared) == len(set(declared))


def test_every_command_has_words_and_every_word_a_command():
    intents = {intent for feature in features.FEATURES for intent in feature.commands}
    worded = set(EXTRA_COMMANDS) | set(INTENTS)
    assert intents <= worded, intents - worded
    assert worded - intents == set(), "words for a command no feature offers"

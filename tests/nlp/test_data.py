"""The data files a domain expert edits are well formed."""

from nlp import DIMENSIONS, INTENTS
from nlp.dimensions import explain
from nlp.resources import read_tsv, read_yaml


def test_dimension_lexicon_rows() -> None:
    rows = read_tsv("dimensions.tsv")
    assert len(rows) > 500
    for row in rows:
        assert len(row) == 3, row
        term, dimension, weight = row
        assert term and dimension in DIMENSIONS and float(weight) in (0, 1, 2, 3), row


def test_every_dimension_term_is_found_in_its_own_words() -> None:
    missed = [term for term, _, _ in read_tsv("dimensions.tsv") if not explain(term)]
    assert missed == []


def test_intent_aliases_are_strings_for_known_intents() -> None:
    data = dict(read_yaml("intents.yaml"))
    assert all(isinstance(answer, str) and answer for answer in data.pop("answers"))
    assert set(data) == set(INTENTS)
    for lists in data.values():
        assert set(lists) <= {"exact", "phrases", "asked_before"}
        word_lists = [lists.get("exact", []), lists.get("phrases", []),
                      *lists.get("asked_before", {}).values()]
        assert all(isinstance(alias, str) and alias for aliases in word_lists for alias in aliases)
    assert [intent for intent, lists in data.items() if "asked_before" in lists] == ["status"]
    assert set(data["status"]["asked_before"]) == {"refers", "asks"}


def test_answer_words_are_strings() -> None:
    for name in ("yes_no.yaml", "particles.yaml"):
        for words in read_yaml(name).values():
            assert all(isinstance(word, str) and word for word in words), name

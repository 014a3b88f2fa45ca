"""The labelled sets score at least 97% on every kind, and the evaluate command reports them."""

from pathlib import Path

import pytest

from nlp.evaluate import evaluate, main

HERE = Path(__file__).parent
SETS = [HERE / "dev-set.tsv", HERE / "blind-set.tsv", HERE / "blind-set-2.tsv"]


@pytest.mark.parametrize("path", SETS, ids=lambda path: path.name)
def test_every_kind_scores_at_least_97_percent(path: Path) -> None:
    tallies = evaluate(path)
    kinds = {"intent", "yesno", "dimension", "problem_status"} if path.name == "blind-set-2.tsv" else {
        "intent", "money", "date", "national_id", "house_code", "yesno", "phone", "dimension"}
    assert kinds <= set(tallies)
    for kind, tally in tallies.items():
        assert tally.right / tally.total() >= 0.97, (kind, tally.misses)


def test_evaluate_prints_accuracy_per_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(HERE / "blind-set.tsv"), "--min", "0.97"]) == 0
    assert "dimension" in capsys.readouterr().out


def test_explain_shows_words_terms_and_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--explain", "ยายป่วยติดเตียง"]) == 0
    out = capsys.readouterr().out
    assert "public_services" in out and "words:" in out

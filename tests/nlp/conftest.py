"""pythainlp must never reach the network or write its data folder during tests."""

import os

os.environ["PYTHAINLP_OFFLINE"] = "1"
os.environ["PYTHAINLP_READ_ONLY"] = "1"

import pytest

import nlp


@pytest.fixture(scope="session", autouse=True)
def _warm() -> None:
    nlp.warm_up()

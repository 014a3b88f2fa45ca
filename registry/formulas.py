"""Formula injection in exported spreadsheets (OWASP "CSV injection"): text a spreadsheet would run as
a formula is written behind a single quote, and the quote is taken off again when a file is imported."""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """'=HYPERLINK(…) for =HYPERLINK(…); text that starts harmlessly is unchanged."""
    return "'" + text if text.startswith(TRIGGERS) else text


def restore(text: str) -> str:
    """The text neutralise() was given: an exported file imports back unchanged."""
    return text[1:] if text.startswith("'") and text[1:].startswith(TRIGGERS) else text

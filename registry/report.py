"""Import outcome: counts, the error report CSV next to the input, and the summary on screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from registry.validation import RowError
from registry.writers import write_table

ERROR_HEADERS = ("บรรทัด (line)", "คอลัมน์ (column)", "สาเหตุ (reason)")
SHOWN_ERRORS = 20


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class ImportSummary:
    rows: int = 0
    rejected: int = 0
    households: Tally = field(default_factory=Tally)
    persons: Tally = field(default_factory=Tally)
    problems_added: int = 0
    villages_added: int = 0
    errors: list[RowError] = field(default_factory=list)

    def lines(self, dry_run: bool) -> list[str]:
        """The final summary, one fact per line (no personal data: only counts, lines and reasons)."""
        head = "dry run: nothing written" if dry_run else f"households: {self.households}"
        lines = [f"rows read: {self.rows}; accepted: {self.rows - self.rejected}; rejected: {self.rejected}",
                 head]
        if not dry_run:
            lines += [f"persons: {self.persons}",
                      f"problems added: {self.problems_added}; villages added: {self.villages_added}"]
        return lines


def error_report_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}.errors.csv")


def write_error_report(source: Path, errors: list[RowError]) -> Path | None:
    """Writes <input>.errors.csv (UTF-8 with BOM, for Excel) or removes a stale one when there are none."""
    path = error_report_path(source)
    if not errors:
        path.unlink(missing_ok=True)
        return None
    write_table(path, ERROR_HEADERS, ((error.line, error.column, error.reason) for error in errors))
    return path


def shown_errors(errors: list[RowError]) -> list[str]:
    shown = [f"line {e.line}: {e.column}: {e.reason}" for e in errors[:SHOWN_ERRORS]]
    if len(errors) > SHOWN_ERRORS:
        shown.append(f"… and {len(errors) - SHOWN_ERRORS} more in the error report")
    return shown

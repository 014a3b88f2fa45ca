"""Exports are safe to open: no formula runs from imported or typed text, numbers stay numbers, files are
private (0600) and the audit log names who exported how many rows."""

from __future__ import annotations

import csv
import stat
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from models import Assistance, AuditLog, Household, Problem, User, Visit
from models.vocabulary import AssistanceType, Dimension
from registry.writers import write_table
from tests.households.helpers import ENGLISH_HEADER, english_row, national_id, run

HYPERLINK = '=HYPERLINK("http://x","y")'
IMPORTED = [HYPERLINK, "+66 1", "-2+3", "@SUM(A1)"]  # the import strips tabs and CRs at the ends of cells
TYPED = {"notes": "\t=1+1", "display_name": "@cmd", "agency": "+1", "detail": "\r=2", "problem": "-1+1"}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def injected(app, rt, tmp_path):
    """Households whose names and village name are formulas, and typed text (notes, agency, problem
    detail, an officer's LINE display name) that is too."""
    lines = [ENGLISH_HEADER.split(",")]
    for number, name in enumerate(IMPORTED):
        cells = english_row(f"6501001234{number}", "x", national_id(f"11017002034{number}")).split(",")
        cells[ENGLISH_HEADER.split(",").index("first_name")] = name
        cells[ENGLISH_HEADER.split(",").index("village_name")] = "=cmd|' /C calc'!A0"
        lines.append(cells)
    source = tmp_path / "list.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(lines)
    result = run(app, "households", "import", str(source))
    assert f"accepted: {len(IMPORTED)}; rejected: 0" in result.stdout, result.output
    with rt.sessions.begin() as session:
        home = session.scalar(select(Household.id).where(Household.house_code == "65010012340"))
        officer = User(line_user_id="U" + "1" * 32, display_name=TYPED["display_name"])
        session.add(officer)
        session.flush()
        session.add(Visit(reference="VR-2569-000001", submission_key="k", household_id=home,
                          officer_id=officer.id, visited_on=date(2026, 10, 2), notes=TYPED["notes"],
                          lat=16.8, lng=100.2))
        problem = Problem(household_id=home, dimension=Dimension.INCOME, detail=TYPED["problem"])
        session.add(problem)
        session.flush()
        session.add(Assistance(household_id=home, problem_id=problem.id, type=AssistanceType.CASH,
                               agency=TYPED["agency"], detail=TYPED["detail"], amount=Decimal("1500.50"),
                               quantity=3, given_on=date(2026, 10, 2)))


def _export(app, path, kind, *options):
    result = run(app, "export", kind, "--area", "6501", "--output", str(path), "--actor", "cli:somchai",
                 *options)
    assert result.exit_code == 0, result.output
    return path


def _csv_cells(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.reader(handle)][1:]


def _xlsx_cells(path):
    return [list(row) for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2)]


def _assert_neutralised(texts, expected):
    """No text starts with what a spreadsheet runs, and every injected value is there behind a quote."""
    assert not [text for text in texts if text.startswith(TRIGGERS)]
    assert {"'" + value for value in expected} <= set(texts)


@pytest.mark.parametrize("kind", ["households", "visits", "problems", "assistance"])
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(app, tmp_path, injected, kind):
    rows = _csv_cells(_export(app, tmp_path / f"{kind}.csv", kind, "--with-ids"))
    expected = {"households": IMPORTED, "visits": [TYPED["notes"], TYPED["display_name"]],
                "problems": [TYPED["problem"]], "assistance": [TYPED["agency"], TYPED["detail"]]}[kind]
    _assert_neutralised([cell for row in rows for cell in row], expected)
    assert "'=cmd|' /C calc'!A0" in {cell for row in rows for cell in row}


@pytest.mark.parametrize("kind", ["households", "visits", "problems", "assistance"])
def test_xlsx_has_no_formula_and_text_cells_are_text(app, tmp_path, injected, kind):
    rows = _xlsx_cells(_export(app, tmp_path / f"{kind}.xlsx", kind))
    cells = [cell for row in rows for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert all(cell.data_type == "s" for cell in cells if isinstance(cell.value, str))
    _assert_neutralised(texts, [])
    if kind == "households":
        assert [row[6].value for row in rows] == ["'" + name for name in IMPORTED]


def test_amounts_counts_and_coordinates_stay_numbers(app, tmp_path, injected):
    [row] = _xlsx_cells(_export(app, tmp_path / "assistance.xlsx", "assistance"))
    assert (row[9].value, row[10].value) == (Decimal("1500.5"), 3) and row[9].data_type == "n"
    [row] = _csv_cells(_export(app, tmp_path / "assistance.csv", "assistance"))
    assert (row[9], row[10]) == ("1500.50", "3")
    [row] = _xlsx_cells(_export(app, tmp_path / "visits.xlsx", "visits"))
    assert (row[12].value, row[13].value) == (16.8, 100.2)


def test_negative_numbers_stay_numbers(tmp_path):
    values = [Decimal("-12.50"), -3, -1.5, "-1.5"]
    write_table(tmp_path / "t.csv", ["a", "b", "c", "d"], [values])
    write_table(tmp_path / "t.xlsx", ["a", "b", "c", "d"], [values], "xlsx")
    assert _csv_cells(tmp_path / "t.csv") == [["-12.50", "-3", "-1.5", "'-1.5"]]
    [cells] = _xlsx_cells(tmp_path / "t.xlsx")
    assert [cell.value for cell in cells] == [-12.5, -3, -1.5, "'-1.5"]
    assert [cell.data_type for cell in cells] == ["n", "n", "n", "s"]


@pytest.mark.parametrize("name", ["out.csv", "out.xlsx"])
def test_export_files_are_private_from_creation(app, tmp_path, injected, name):
    output = tmp_path / name
    output.write_text("an older export, readable by everyone")
    output.chmod(0o644)
    _export(app, output, "households", "--with-ids")
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_a_failed_export_leaves_no_file_and_no_audit_row(app, rt, tmp_path, injected, monkeypatch):
    import bot.cli.households

    def broken(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(bot.cli.households, "write_rows", broken)
    result = app.test_cli_runner().invoke(args=["export", "households", "--area", "6501", "--output",
                                                str(tmp_path / "x.csv")])
    assert result.exit_code == 1 and list(tmp_path.glob("*x.csv*")) == []
    with rt.sessions() as session:
        assert session.scalars(select(AuditLog).where(AuditLog.object_type == "export")).all() == []


def test_the_audit_row_names_the_actor_the_rows_and_the_ids_flag(app, rt, tmp_path, injected):
    _export(app, tmp_path / "ids.xlsx", "households", "--with-ids")
    with rt.sessions() as session:
        [entry] = session.scalars(select(AuditLog).where(AuditLog.object_type == "export")).all()
    assert (entry.actor, entry.action, entry.object_id) == ("cli:somchai", "export_ids", "households:6501")
    assert (entry.changes["rows"], entry.changes["with_ids"], entry.changes["format"]) == (4, True, "xlsx")


def test_an_export_of_formula_looking_names_imports_back_unchanged(app, tmp_path, injected):
    output = _export(app, tmp_path / "back.csv", "households", "--with-ids")
    again = run(app, "households", "import", str(output))
    assert "persons: 0 added, 0 updated, 4 unchanged" in again.stdout, again.output

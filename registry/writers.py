"""Tables written for supervisors: CSV in UTF-8 with BOM (Thai Excel opens it right) and XLSX."""

from __future__ import annotations

import csv
import enum
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

import nlp
from models.vocabulary import LabelledEnum

FORMATS = ("csv", "xlsx")


def cell_value(value: Any, spreadsheet: bool) -> Any:
    """Thai dates, Thai labels, ใช่/ไม่ใช่; numbers stay numbers in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return nlp.thai_datetime(value)
    if isinstance(value, date):
        return nlp.thai_date(value)
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, LabelledEnum):
        return value.label_th
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return value if spreadsheet else str(value)
    return value


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str = "csv") -> int:
    """Writes the table as CSV or XLSX; returns the number of data rows."""
    if fmt == "xlsx":
        return _write_xlsx(path, headers, rows)
    return _write_csv(path, headers, rows)


def _write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([cell_value(value, spreadsheet=False) for value in row])
            count += 1
    return count


def _write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(path.stem[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = max(12, len(header) + 4)
    bold = Font(bold=True)
    sheet.append([_bold(sheet, header, bold) for header in headers])
    count = 0
    for row in rows:
        sheet.append([cell_value(value, spreadsheet=True) for value in row])
        count += 1
    book.save(path)
    return count


def _bold(sheet: Any, text: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = font
    return cell

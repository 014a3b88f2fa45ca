"""Tables written for supervisors: CSV in UTF-8 with BOM (Thai Excel opens it right) and XLSX.

Files are readable by their owner only (created 0600) and appear under their name only once complete;
text that a spreadsheet would run as a formula is neutralised, and XLSX text cells are typed as text."""

from __future__ import annotations

import contextlib
import csv
import enum
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

import nlp
from models.vocabulary import LabelledEnum
from registry.formulas import neutralise

FORMATS = ("csv", "xlsx")


def cell_value(value: Any, spreadsheet: bool) -> Any:
    """Thai dates, Thai labels, ใช่/ไม่ใช่, neutralised text; numbers stay numbers in a spreadsheet."""
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
    if isinstance(value, str):
        return neutralise(value)
    return value


@contextlib.contextmanager
def private_file(path: Path) -> Iterator[IO[bytes]]:
    """A file only its owner can read: created 0600 (mkstemp) beside path and moved onto it when the block
    succeeds; a failure leaves neither a partial file nor a readable one."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str = "csv") -> int:
    """Writes the table as CSV or XLSX into a private file; returns the number of data rows."""
    with private_file(path) as handle:
        return write_rows(handle, headers, rows, fmt, path.stem)


def write_rows(handle: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str,
               sheet_title: str) -> int:
    """Writes the table as CSV or XLSX to an open binary file; returns the number of data rows."""
    if fmt == "xlsx":
        return _write_xlsx(handle, headers, rows, sheet_title)
    return _write_csv(handle, headers, rows)


def _write_csv(handle: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        writer = csv.writer(text)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([cell_value(value, spreadsheet=False) for value in row])
            count += 1
    finally:
        text.detach()
    return count


def _write_xlsx(handle: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> int:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = max(12, len(header) + 4)
    bold = Font(bold=True)
    sheet.append([_bold(sheet, header, bold) for header in headers])
    count = 0
    for row in rows:
        sheet.append([_typed(sheet, cell_value(value, spreadsheet=True)) for value in row])
        count += 1
    book.save(handle)
    return count


def _typed(sheet: Any, value: Any) -> Any:
    """Text goes in as a text cell (type 's'), so no string is ever stored as a formula."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _bold(sheet: Any, text: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = font
    return cell

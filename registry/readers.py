"""Rows from the files provinces keep: CSV (UTF-8 with or without BOM, TIS-620/cp874, …) and XLSX."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import charset_normalizer
import openpyxl

SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
_THAI = range(0x0E01, 0x0E5C)


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX file we can read; the message says why."""


@dataclass
class RowSource:
    """The header row and then (line number, cells) for every later non-empty row."""

    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]
    total: int
    encoding: str | None = None


def open_rows(path: Path, sheet: str | None = None) -> RowSource:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, sheet)
    return _csv_rows(path)


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (BOM or not) first, then the Thai code page, then charset-normalizer's best guess."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        if any(ord(char) in _THAI for char in sample.decode("cp874")):
            return "cp874"
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(sample).best()
    if guess is None:
        raise UnreadableFile("cannot tell the file's text encoding; save it as UTF-8 CSV")
    return guess.encoding


def _csv_rows(path: Path) -> RowSource:
    with path.open("rb") as raw:
        sample = raw.read(SAMPLE_BYTES)
    encoding = detect_encoding(sample)
    total = max(_count_lines(path) - 1, 0)
    handle = path.open(encoding=encoding, newline="")
    first = handle.readline()
    delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(first), delimiter=delimiter)
    headers = next(reader, [])
    return RowSource(headers, _csv_body(handle, delimiter), total, encoding)


def _csv_body(handle: io.TextIOWrapper, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    with handle:
        reader = csv.reader(handle, delimiter=delimiter)
        start = 2
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield start, cells
                start = reader.line_num + 2
        except UnicodeDecodeError as error:
            raise UnreadableFile(f"line {start}: not valid {handle.encoding} text") from error


def _count_lines(path: Path) -> int:
    with path.open("rb") as raw:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))


def _xlsx_rows(path: Path, sheet: str | None) -> RowSource:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    if sheet is not None and sheet not in book.sheetnames:
        raise UnreadableFile(f"no sheet named {sheet!r}; the sheets are {', '.join(book.sheetnames)}")
    worksheet = book[sheet] if sheet else book.worksheets[0]
    rows = (
        (number, [cell_text(value) for value in values])
        for number, values in enumerate(worksheet.iter_rows(values_only=True), 1)
        if any(value not in (None, "") for value in values)
    )
    first = next(rows, None)
    if first is None:
        raise UnreadableFile("the sheet is empty")
    return RowSource(first[1], rows, max((worksheet.max_row or 1) - first[0], 0))


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold (whole numbers without '.0', dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

"""Helpers for the household tests: valid national IDs, CLI calls, files, and raw database scans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import Result
from flask import Flask
from sqlalchemy import Engine, MetaData, select

ENGLISH_HEADER = ("house_code,house_no,village,village_name,national_id,title,first_name,last_name,"
                  "birth_date,sex,relation_to_head,welfare_card,elderly,disabled,bedridden,source,source_year,lat,lng,"
                  "dimensions,indicators")


def national_id(body: str) -> str:
    """Appends the check digit to 12 digits: (11 − Σ dᵢ·(13−i) mod 11) mod 10."""
    total = sum(int(digit) * (13 - i) for i, digit in enumerate(body))
    return body + str((11 - total % 11) % 10)


def wrong_check_digit(number: str) -> str:
    return number[:12] + str((int(number[12]) + 1) % 10)


def run(app: Flask, *args: str) -> Result:
    """Runs a flask CLI command the way `flask --app wsgi ...` would."""
    return app.test_cli_runner().invoke(args=list(args), catch_exceptions=False)


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def english_row(house_code: str, first_name: str, number: str = "", **cells: str) -> str:
    """One row of the English-header format, with sensible defaults for the other cells."""
    values = {"house_code": house_code, "house_no": "12", "village": "65010101", "village_name": "บ้านสวน",
              "national_id": number, "title": "", "first_name": first_name, "last_name": "ใจดี",
              "birth_date": "1980-01-01", "sex": "", "relation_to_head": "", "welfare_card": "",
              "elderly": "", "disabled": "", "bedridden": "", "source": "bmn", "source_year": "2566",
              "lat": "", "lng": "", "dimensions": "", "indicators": "", **cells}
    return ",".join(values[name] for name in ENGLISH_HEADER.split(","))


def every_stored_value(engine: Engine) -> list[Any]:
    """Every value of every column of every table, read straight from the database."""
    metadata = MetaData()
    metadata.reflect(engine)
    found: list[Any] = []
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                found.extend(row)
    return found

"""Household data commands: households import|generate, export KIND, keys rotate."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup, with_appcontext

import nlp
from bot.cli import services
from models import Area
from models.audit import record
from models.protection import UnreadableData
from models.vocabulary import HouseholdSource
from nlp.formatting import bangkok_date
from registry import loader, readers, report
from registry.columns import map_headers
from registry.exporter import KINDS, ExportRequest, export_table
from registry.generation import load_households
from registry.importer import Importer
from registry.rotation import rotate_keys, rows_to_check
from registry.synthetic import MAX_HOUSEHOLDS, Generator
from registry.validation import Validator
from registry.writers import FORMATS, private_file, write_rows

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar  # what click.progressbar returns (click imports it so too)

households = AppGroup("households", help="Import or generate household data.")


def default_actor() -> str:
    return f"cli:{getpass.getuser()}"


actor_option = click.option(
    "--actor",
    default=default_actor,
    show_default="cli:<login name>",
    help="Who the audit log names as the author of the changes.",
)


def progress_bar(total: int, label: str) -> ProgressBar[int]:
    return click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)


@households.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate only; write nothing to the database.")
@click.option(
    "--source",
    type=click.Choice([s.value for s in HouseholdSource]),
    help="Source for rows whose source cell is empty.",
)
@click.option("--sheet", help="XLSX sheet to read (default: the first).")
@actor_option
def import_households(file: Path, dry_run: bool, source: str | None, sheet: str | None, actor: str) -> None:
    """Imports a CSV or XLSX household list (one row per person); see registry/README.md for the columns."""
    running = services()
    try:
        rows = readers.open_rows(file, sheet)
    except readers.UnreadableFile as error:
        raise click.ClickException(str(error)) from error
    headers = map_headers(rows.headers)
    if headers.missing:
        raise click.ClickException(f"missing columns: {', '.join(headers.missing)} (see registry/README.md)")
    if headers.unknown:
        click.echo(f"ignoring unknown columns: {', '.join(headers.unknown)}", err=True)
    with running.sessions() as session:
        subdistricts = loader.subdistrict_codes(session)
        catalogue = loader.indicator_catalogue(session)
    now = running.now()
    validator = Validator(
        headers,
        subdistricts,
        catalogue,
        bangkok_date(now),
        HouseholdSource(source) if source else None,
    )
    importer = Importer(running.sessions, running.protector, validator, catalogue, actor, now, dry_run)
    with progress_bar(rows.total, "importing") as bar:
        try:
            summary = importer.run(rows.rows, bar.update)
        except readers.UnreadableFile as error:
            raise click.ClickException(str(error)) from error
    for line in summary.lines(dry_run):
        click.echo(line)
    written = report.write_error_report(file, summary.errors)
    if written:
        click.echo(f"error report: {written}")
        for line in report.shown_errors(summary.errors):
            click.echo(f"  {line}")


@households.command("generate")
@click.option("--households", "count", type=click.IntRange(1, MAX_HOUSEHOLDS), required=True)
@click.option("--area", help="Province, district or subdistrict code (default: the whole country).")
@click.option("--seed", type=int, default=1, show_default=True)
@actor_option
def generate(count: int, area: str | None, seed: int, actor: str) -> None:
    """Generates and loads synthetic households (deterministic for a seed) for demos and benchmarks."""
    running = services()
    with running.sessions() as session:
        if area is not None and session.get(Area, area) is None:
            raise click.ClickException(f"no province, district or subdistrict has the code {area!r}")
        subdistricts = [code for code in loader.subdistrict_codes(session) if code.startswith(area or "")]
        catalogue = loader.indicator_catalogue(session)
    records = Generator(seed, subdistricts, catalogue).households(count)
    with progress_bar(count, "generating") as bar:
        summary = load_households(
            running.sessions, running.protector, records, catalogue, actor, running.now(), bar.update
        )
    click.echo(str(summary))


@click.command("export")
@with_appcontext
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--area", required=True, help="Province, district or subdistrict code.")
@click.option("--since", help="Only records from this date (e.g. 2026-10-01 or 1 ต.ค. 2569).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from --output, else xlsx.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-ids", is_flag=True, help="Full national IDs instead of masked ones (audited).")
@actor_option
def export(
    kind: str, area: str, since: str | None, fmt: str | None, output: Path | None, with_ids: bool, actor: str
) -> None:
    """Exports visits, problems, assistance or households of an area as CSV (UTF-8 with BOM) or XLSX."""
    running = services()
    today = bangkok_date(running.now())
    since_day = nlp.parse_date(since, today) if since else None
    if since and since_day is None:
        raise click.ClickException(f"cannot read the date {since!r}; write it like 2026-10-01 or 1/10/2569")
    fmt = fmt or (
        output.suffix.lstrip(".").lower() if output and output.suffix.lower() in (".csv", ".xlsx") else "xlsx"
    )
    output = output or Path(f"{kind}-{area}-{today:%Y%m%d}.{fmt}")
    request = ExportRequest(kind, area, since_day, with_ids)
    with running.sessions() as session:
        if session.get(Area, area) is None:
            raise click.ClickException(f"no province, district or subdistrict has the code {area!r}")
    with private_file(output) as handle:  # the file takes its name only after the audit row is committed
        with running.read_sessions() as session:
            table = export_table(session, running.protector, request)
            count = write_rows(handle, table.headers, table.rows, fmt, output.stem)
        with running.sessions.begin() as session:
            record(
                session,
                actor,
                "export_ids" if with_ids else "export",
                "export",
                f"{kind}:{area}",
                {"kind": kind, "area": area, "since": since_day, "format": fmt, "with_ids": with_ids,
                 "rows": count},
            )
    click.echo(f"{count} rows written to {output}")


keys = AppGroup("keys", help="Data-protection keys.")


@keys.command("rotate")
@actor_option
def rotate(actor: str) -> None:
    """Re-encrypts national IDs and sealed texts under LOGBOOK_DATA_KEY (old key in LOGBOOK_OLD_DATA_KEY)."""
    running = services()
    if running.settings.old_data_key is None:
        raise click.ClickException(
            "LOGBOOK_OLD_DATA_KEY is not set: put the key being retired there "
            "and the new key in LOGBOOK_DATA_KEY"
        )
    try:
        with progress_bar(rows_to_check(running.sessions), "re-encrypting") as bar:
            summary = rotate_keys(running.sessions, running.protector, actor, running.now(), bar.update)
    except UnreadableData as error:
        raise click.ClickException(
            "a national ID or a sealed text opens with neither LOGBOOK_DATA_KEY nor LOGBOOK_OLD_DATA_KEY: "
            "check that LOGBOOK_OLD_DATA_KEY holds the key being retired, then run again "
            "(finished batches are kept)"
        ) from error
    click.echo(str(summary))

"""Staff tooling: flask --app wsgi invite create … | richmenu sync."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from bot.cli import services
from bot.worker import richmenu_sync
from handlers.registration import create_invites, display_code
from models import Area
from models.vocabulary import Role

invite = AppGroup("invite", help="Invite codes that make a LINE user staff of an area.")
richmenu = AppGroup("richmenu", help="The rich menus of each role.")


@invite.command("create")
@click.option("--role", type=click.Choice(["officer", "supervisor", "admin"]), required=True)
@click.option(
    "--area", "area_code", required=True, help="Province (2 digits), district (4) or subdistrict (6)."
)
@click.option("--count", default=1, show_default=True, type=click.IntRange(1, 500))
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 90))
def create(role: str, area_code: str, count: int, days: int) -> None:
    """Prints only the new codes on stdout, one per line."""
    with services().sessions.begin() as session:
        area = session.get(Area, area_code)
        if area is None:
            raise click.BadParameter(
                f"no province, district or subdistrict has code {area_code}", param_hint="--area"
            )
        codes = create_invites(session, Role(role), area_code, count, days, services().now())
    click.echo(f"{count} {role} code(s) for {area.name_en} ({area_code}), valid {days} days", err=True)
    for code in codes:
        click.echo(display_code(code))


@richmenu.command("sync")
def sync() -> None:
    """Creates or updates the rich menus, removes outdated ones, and sets the default menu."""
    for name, menu_id in richmenu_sync.sync(services()).items():
        click.echo(f"{name}\t{menu_id}")

"""Staff tooling: flask --app wsgi invite create … | richmenu sync | staff revoke …."""

from __future__ import annotations

import getpass

import click
from flask.cli import AppGroup
from sqlalchemy import select

from bot.cli import services
from bot.worker import richmenu_sync
from handlers.registration import create_invites, display_code
from handlers.supervisor.revoke import revoke as revoke_user
from models import Area, User
from models.vocabulary import Role

invite = AppGroup("invite", help="Invite codes that make a LINE user staff of an area.")
richmenu = AppGroup("richmenu", help="The rich menus of each role.")
staff = AppGroup("staff", help="Staff accounts.")


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


@staff.command("revoke")
@click.argument("who", metavar="LINE_USER_ID_OR_USER_ID")
def revoke(who: str) -> None:
    """Makes a staff user a guest at once (their open draft is cancelled, the change audited) and
    shows them the guest rich menu."""
    running = services()
    with running.sessions.begin() as session:
        column = User.id if who.isdigit() else User.line_user_id
        user = session.scalar(select(User).where(column == (int(who) if who.isdigit() else who)))
        if user is None:
            raise click.BadParameter(f"no user is {who}", param_hint="LINE_USER_ID_OR_USER_ID")
        before, line_user_id, user_id = user.role.value, user.line_user_id, user.id
        if not revoke_user(session, user, f"cli:{getpass.getuser()}"):
            raise click.ClickException(f"user {user_id} is {before}, not staff: nothing to revoke")
    running.jobs.enqueue(richmenu_sync.link_for_role, line_user_id, Role.GUEST.value)
    click.echo(f"user {user_id} ({before}) is now a guest", err=True)

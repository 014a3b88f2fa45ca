"""`make demo`: the whole service on this machine — the bot, the LINE emulator and its chat page.

python -m emulator.demo [--bot-port 8000] [--emulator-port 8090]

Embedded default (SQLite under instance/, in-process Redis stand-in, jobs in this process). The first
run migrates and seeds one district; later runs reuse the data, and the chat page's LINE users
(instance/emulator-users.json). Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import os
import socket
import threading
from pathlib import Path

import click
from flask import Flask
from flask.cli import ScriptInfo

from bot.config import INSTANCE_DIR
from bot.services import Services, services_of
from bot.web.app import create_app
from bot.worker import richmenu_sync, schedule
from emulator import demo_data
from emulator.app import create_emulator, emulator_of
from emulator.config import EmulatorConfig, HostJob
from emulator.demo_banner import banner
from emulator.presets import DEFAULT_LOCATIONS
from emulator.server import RunningServer, run_in_thread

HOST = "127.0.0.1"
HOUSEHOLDS = 300
USERS_FILE = INSTANCE_DIR / "emulator-users.json"
DEMO_LIFF_ID = "1657000016-Dash16ab"
"""The dashboard's LIFF app in the emulator (its LINE Login channel is the emulator's default)."""


def free_port(preferred: int) -> int:
    """The preferred port if nothing listens there, else any free one.

    The probe reuses the address as the servers do (werkzeug's), so a port whose last connections
    still wait in TIME_WAIT after a restart counts as free: the chat page keeps its address."""
    for port in (preferred, 0):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise OSError("no free port")


def local_url(port: int) -> str:
    return f"http://{HOST}:{port}"


def demo_environ(bot_url: str, emulator_url: str) -> dict[str, str]:
    """The embedded default, with the bot's LINE calls going to the emulator."""
    environ = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    environ.update(LOGBOOK_ENV="development", LINE_API_BASE_URL=emulator_url, LOGBOOK_PUBLIC_URL=bot_url,
                   LINE_LIFF_ID=DEMO_LIFF_ID)
    return environ


def flask_command(app: Flask, *args: str) -> None:
    """Runs `flask <args>` against this app, as someone would type it."""
    app.cli.main(list(args), prog_name="flask", obj=ScriptInfo(create_app=lambda: app), standalone_mode=False)


def prepare_data(app: Flask, rt: Services) -> None:
    """Migrates (idempotent), generates the district's households once, adds the demo users once."""
    flask_command(app, "db", "upgrade")
    with rt.sessions() as session:
        seeded = demo_data.household_count(session) > 0
    if not seeded:
        print(f"Generating {HOUSEHOLDS} synthetic households in {demo_data.AREA_NAME} …")
        try:
            flask_command(
                app,
                "households",
                "generate",
                "--households",
                str(HOUSEHOLDS),
                "--area",
                demo_data.AREA,
                "--seed",
                "1",
            )
        except click.ClickException as error:
            print(f"Households were not generated ({error.format_message()}); the rest of the demo works.")
    with rt.sessions.begin() as session:
        demo_data.place_households(session)
        demo_data.add_users(session, rt.now())


def host_jobs(rt: Services) -> tuple[HostJob, ...]:
    """The scheduled reports, for the chat page's งานตามเวลา control: queued now on the bot's jobs."""
    return tuple(
        HostJob(name, task.label, lambda name=name: schedule.run_now(rt.jobs, name))  # type: ignore[misc]
        for name, task in schedule.RUNNABLE.items()
    )


def start_emulator(rt: Services, bot_url: str, port: int, users_file: Path | None = None) -> RunningServer:
    """The LINE Platform stand-in, posting to the bot's /callback; the demo users are its LINE users,
    with those added on the chat page before (kept in users_file); the location picker offers points
    at a sample house."""
    with rt.sessions() as session:
        locations = demo_data.visit_locations(session)
    config = EmulatorConfig(
        rt.settings.channel_secret,
        rt.settings.channel_access_token,
        webhook_url=f"{bot_url}/callback",
        preset_locations=(*locations, *DEFAULT_LOCATIONS),
        users_file=users_file,
        host_jobs=host_jobs(rt),
        https_stand_ins=(bot_url,),
        liff_apps={DEMO_LIFF_ID: f"{bot_url}/liff/dashboard"},
    )
    app = create_emulator(config)
    for person in demo_data.USERS:
        emulator_of(app).add_user(person.display_name, person.line_user_id)
    return run_in_thread(app, HOST, port)


def show_rich_menus(rt: Services) -> None:
    """Creates the menus in the (fresh) emulator and links each staff user's menu."""
    richmenu_sync.sync(rt)
    with rt.sessions() as session:
        staff = demo_data.staff_roles(session)
    for line_user_id, role in staff.items():
        richmenu_sync.link_for_role(rt, line_user_id, role.value)


def things_to_type(rt: Services) -> tuple[list[str], list[str], demo_data.LinkableCitizen | None]:
    """Invite codes (topped up to three unused ones), house codes of households to visit, and the
    synthetic person whose ID and birth date link a citizen."""
    with rt.sessions.begin() as session:
        codes = demo_data.invite_codes(session, rt.now())
        houses = [str(household.house_code) for household in demo_data.sample_households(session)]
        citizen = demo_data.linkable_citizen(session, rt.protector)
    return codes, houses, citizen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m emulator.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--bot-port", type=int, default=8000)
    parser.add_argument("--emulator-port", type=int, default=8090)
    args = parser.parse_args(argv)
    bot_port, emulator_port = free_port(args.bot_port), free_port(args.emulator_port)
    bot_url, chat_url = local_url(bot_port), local_url(emulator_port)
    app = create_app(demo_environ(bot_url, chat_url))
    rt = services_of(app)
    try:
        prepare_data(app, rt)
        with start_emulator(rt, bot_url, emulator_port, USERS_FILE), run_in_thread(app, HOST, bot_port):
            show_rich_menus(rt)
            print(banner(chat_url, bot_url, rt.settings.database_url, *things_to_type(rt)), flush=True)
            threading.Event().wait()
    except KeyboardInterrupt:
        print("\nDemo stopped; the data stays for the next `make demo`.")
    finally:
        rt.close()


if __name__ == "__main__":
    main()

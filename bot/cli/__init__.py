"""The bot's flask commands, each module imported only when its command runs: web processes load none."""

from __future__ import annotations

import importlib

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from bot.services import Services, services_of

COMMANDS = {
    "db": "bot.cli.db:db",
    "worker": "bot.cli.processes:worker",
    "clock": "bot.cli.processes:clock",
    "sweep": "bot.cli.processes:run_sweep",
    "jobs": "bot.cli.processes:jobs",
    "invite": "bot.cli.staff:invite",
    "richmenu": "bot.cli.staff:richmenu",
    "staff": "bot.cli.staff:staff",
    "households": "bot.cli.households:households",
    "export": "bot.cli.households:export",
    "keys": "bot.cli.households:keys",
    "outbox": "bot.cli.outbox:outbox",
    "alerts": "bot.cli.outbox:outbox",  # the old name of the same group
}


class LazyCommands(AppGroup):
    """The app's command group; a command's module is imported the first time it is looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            module, attribute = COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


def init_app(app: Flask) -> None:
    app.cli = LazyCommands(app.name)


def services() -> Services:
    """The services of the app the running command belongs to."""
    return services_of(current_app)

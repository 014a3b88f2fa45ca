"""The bot's flask commands, each module imported only when its command runs: web processes load none."""

from __future__ import annotations

import importlib

import click
from flask import Flask
from flask.cli import AppGroup

COMMANDS = {
    "db": "bot.cli_db:db",
    "worker": "bot.cli_jobs:worker",
    "clock": "bot.cli_jobs:clock",
    "sweep": "bot.cli_jobs:run_sweep",
    "jobs": "bot.cli_jobs:jobs",
    "invite": "bot.cli_staff:invite",
    "richmenu": "bot.cli_staff:richmenu",
    "households": "bot.cli_households:households",
    "export": "bot.cli_households:export",
    "keys": "bot.cli_households:keys",
    "alerts": "bot.cli_alerts:alerts",
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

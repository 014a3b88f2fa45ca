"""The emulator as a Flask application."""

from __future__ import annotations

from flask import Flask

from emulator import alias_api, chat_page, control_api, login_api, messaging_api, platform, richmenu_api
from emulator.config import EmulatorConfig
from emulator.facade import Emulator
from emulator.state import EmulatorState
from emulator.validation.spec import body_validator


def create_emulator(config: EmulatorConfig, state: EmulatorState | None = None) -> Flask:
    """A Flask app serving the Messaging API endpoints, the /_emulator/ control API and the chat page."""
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions[platform.EXTENSION] = Emulator(config, state)
    platform.init_app(app)
    for blueprint in (messaging_api.bp, richmenu_api.bp, alias_api.bp, control_api.bp, chat_page.bp,
                      login_api.bp):
        app.register_blueprint(blueprint)
    body_validator(config.spec_path)  # load the spec now rather than in the first request
    return app


def emulator_of(app: Flask) -> Emulator:
    """The Emulator facade behind an app made by create_emulator."""
    return app.extensions[platform.EXTENSION]

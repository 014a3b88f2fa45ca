"""The application factory: importing builds nothing; create_app() builds one app with its own services."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import Flask, current_app, jsonify
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from bot import cli
from bot.config import load_settings
from bot.services import EXTENSION, Services, build_services, services_of
from bot.web import chart_images, chat_queue, health, privacy, webhook
from bot.web.dashboard import routes as dashboard


def create_app(environ: Mapping[str, str] | None = None) -> Flask:
    """Reads and validates settings (raising SettingsError naming a bad variable), then wires the app."""
    settings = load_settings(environ)
    _configure_logging()
    if settings.is_embedded:
        _warm_up_language_layer()
    services = build_services(settings)

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = webhook.MAX_BODY_BYTES
    app.extensions[EXTENSION] = services
    app.extensions[chat_queue.EXTENSION] = chat_queue.ChatQueue.for_services(services)
    app.register_blueprint(webhook.blueprint)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(chart_images.blueprint)
    app.register_blueprint(privacy.blueprint)
    app.register_blueprint(dashboard.blueprint)
    app.register_error_handler(HTTPException, _http_error)
    if settings.is_embedded and settings.env != "test":
        app.before_request(_start_embedded_clock_once)
    cli.init_app(app)
    return app


def _warm_up_language_layer() -> None:
    """Jobs run in this process only in the embedded default; web processes never load the handlers."""
    import nlp

    nlp.warm_up()


def _start_embedded_clock_once() -> None:
    """The embedded default has no clock process: the serving process runs the schedule itself."""
    from bot.worker import clock

    services: Services = services_of(current_app)
    if not services.clock_started:
        services.clock_started = True
        clock.start_embedded(services)


def _http_error(error: HTTPException) -> tuple[Response, int]:
    """Every HTTP error is a short JSON answer, never an HTML page or a stack trace."""
    return jsonify(error=(error.description or error.name).split(".")[0]), error.code or 500


def _configure_logging() -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

"""The browser chat page (`/`), its Thai font, and the few endpoints it needs beyond the control API."""

from __future__ import annotations

from typing import Any

import fontpkg_sarabun
from flask import Blueprint, Response, current_app, request, send_from_directory

from emulator import stream
from emulator.control_api import user_json
from emulator.platform import LineError, emulator
from emulator.presets import sample_photos
from emulator.state import EmulatorState

bp = Blueprint("chat_page", __name__)

FONT_DIR = fontpkg_sarabun.ROOT / "files"
FONT_WEIGHTS = frozenset({"Regular", "Bold"})


@bp.get("/")
def page() -> Response:
    return current_app.send_static_file("chat.html")


@bp.get("/fonts/Sarabun-<weight>.ttf")
def font(weight: str) -> Response:
    """Sarabun (OFL-1.1) from the fontpkg-sarabun package: a bare machine has no Thai font."""
    if weight not in FONT_WEIGHTS:
        raise LineError(404, "Not found")
    return send_from_directory(FONT_DIR, f"Sarabun-{weight}.ttf", max_age=86400)


@bp.get("/_emulator/stream")
def events() -> Response:
    """Server-sent events: `users`, then every `entry` and `request` after the cursor, live."""
    state = emulator().state
    given = request.headers.get("Last-Event-ID") or request.args.get("cursor")
    cursor = stream.Cursor.parse(given, state.changes.epoch)
    return Response(stream.events(state, cursor, _users), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@bp.get("/_emulator/contents/<message_id>")
def content(message_id: str) -> Response:
    """The bytes of an image a user sent, for the browser (the Messaging API route needs the token)."""
    found = emulator().state.content(message_id)
    if found is None:
        raise LineError(404, "Not found")
    return Response(found.data, content_type=found.content_type)


@bp.get("/_emulator/host-jobs")
def host_jobs() -> dict[str, Any]:
    """The bot's work the page may start now (none unless the host registered some, as the demo does)."""
    return {"jobs": [{"name": job.name, "label": job.label} for job in emulator().config.host_jobs]}


@bp.post("/_emulator/host-jobs/<name>")
def run_host_job(name: str) -> dict[str, Any]:
    """Starts one; the host's callback only queues the work, so this answers at once."""
    job = next((job for job in emulator().config.host_jobs if job.name == name), None)
    if job is None:
        raise LineError(404, "Not found")
    job.run()
    return {}


@bp.get("/_emulator/presets")
def presets() -> dict[str, Any]:
    """The sample photos and preset locations the page's pickers offer."""
    return {"photos": sample_photos(), "locations": list(emulator().config.preset_locations)}


def _users(state: EmulatorState) -> list[dict[str, Any]]:
    return [user_json(state, user) for user in state.users()]

"""/liff/dashboard and /liff/api/…: the page, the session exchange and the scope-checked data endpoints."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import fontpkg_sarabun
from flask import Blueprint, Response, abort, current_app, render_template, request, send_from_directory

from bot.services import Services, services_of
from bot.web.dashboard import auth

blueprint = Blueprint("dashboard", __name__, url_prefix="/liff", static_folder="static",
                      template_folder="templates")

SDK_HOST = "https://static.line-scdn.net"
SDK_PATH = "/liff/edge/2/sdk.js"
FONT_WEIGHTS = frozenset({"Regular", "Bold"})


def _services() -> Services:
    services = services_of(current_app)
    if services.settings.liff_id is None:
        abort(404, description="the dashboard is not set up: LINE_LIFF_ID is not set")
    return services


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _sdk_url(services: Services) -> str:
    """LINE's LIFF SDK, or the emulator's stand-in when LINE_API_BASE_URL points at the emulator."""
    return (services.settings.line_api_base_url or SDK_HOST) + SDK_PATH


def _policy(services: Services) -> str:
    """Only this server, LINE's SDK and LINE Login; the emulator's chat page may frame it (development)."""
    sdk, login = _origin(_sdk_url(services)), _origin(auth.login_base(services.settings))
    frame = "'none'" if services.settings.line_api_base_url is None else login
    return (f"default-src 'none'; script-src 'self' {sdk}; style-src 'self'; img-src 'self' data:; "
            f"font-src 'self'; connect-src 'self' {login}; form-action 'none'; base-uri 'none'; "
            f"frame-ancestors {frame}")


@blueprint.after_request
def _headers(response: Response) -> Response:
    services = services_of(current_app)
    if services.settings.liff_id is not None:
        response.headers["Content-Security-Policy"] = _policy(services)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if request.path.startswith("/liff/api/"):
        response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/dashboard")
def page() -> str:
    services = _services()
    return render_template("dashboard.html", liff_id=services.settings.liff_id, sdk_url=_sdk_url(services))


@blueprint.get("/fonts/Sarabun-<weight>.ttf")
def font(weight: str) -> Response:
    """Sarabun (OFL-1.1) from fontpkg-sarabun: a cheap phone may have no Thai font the page can use."""
    if weight not in FONT_WEIGHTS:
        abort(404)
    return send_from_directory(fontpkg_sarabun.ROOT / "files", f"Sarabun-{weight}.ttf", max_age=86400)


@blueprint.post("/api/session")
def open_session() -> tuple[dict[str, Any], int]:
    """Exchanges a LIFF ID token (once) for a dashboard session."""
    services = _services()
    body = request.get_json(silent=True)
    id_token = body.get("idToken") if isinstance(body, dict) else None
    if not isinstance(id_token, str) or not 10 < len(id_token) < 4096:
        abort(400, description="idToken is required")
    try:
        token = auth.open_session(services, id_token)
    except auth.Refused as refusal:
        abort(401, description=f"LINE Login refused the ID token: {refusal}")
    except PermissionError:
        abort(403, description="this page is for staff")
    return {"token": token, "expiresIn": auth.SESSION_SECONDS}, 201


@blueprint.get("/api/view")
def overview() -> dict[str, Any]:
    from bot.web.dashboard import data

    services = _services()
    with services.sessions() as session:
        viewer = auth.current_viewer(services, session)
        return data.overview(services, session, viewer, request.args.get("area"))


@blueprint.get("/api/households")
def households() -> dict[str, Any]:
    from bot.web.dashboard import data

    services = _services()
    with services.sessions() as session:
        viewer = auth.current_viewer(services, session)
        return data.households(services, session, viewer, request.args.get("area"),
                               request.args.get("metric", ""), request.args.get("page", "1"))


@blueprint.get("/api/households/<household_id>")
def household(household_id: str) -> dict[str, Any]:
    from bot.web.dashboard import data

    services = _services()
    with services.sessions() as session:
        viewer = auth.current_viewer(services, session)
        return data.household(services, session, viewer, household_id)


@blueprint.get("/api/export")
def export() -> Response:
    from bot.web.dashboard import data

    services = _services()
    with services.sessions() as session:
        viewer = auth.current_viewer(services, session)
    content, name = data.export(services, viewer, request.args.get("area"), request.args.get("metric", ""),
                                request.args.get("format", "csv"))
    kind = "text/csv; charset=utf-8" if name.endswith(".csv") else (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    disposition = f'attachment; filename="{name}"'
    return Response(content, content_type=kind, headers={"Content-Disposition": disposition})

"""LINE Login and LIFF, emulated: verify, authorize, token, the LIFF SDK shim and LIFF launches.

Errors have LINE Login's shape: {"error": "invalid_request", "error_description": "IdToken expired."}.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template_string, request
from werkzeug.wrappers import Response as WerkzeugResponse

from emulator import id_tokens
from emulator.login_state import Grant, pkce_matches
from emulator.platform import LineError, emulator

bp = Blueprint("login_api", __name__)

LIFF_HOST = "https://liff.line.me/"
AUTHORIZE_PAGE = """<!doctype html><html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>LINE Login (emulator)</title>
<style>body{font-family:Sarabun,sans-serif;max-width:24rem;margin:2rem auto;padding:0 1rem}
button{display:block;width:100%;margin:.4rem 0;padding:.7rem;font:inherit;background:#06C755;color:#fff;
border:0;border-radius:6px}</style></head><body><h1>เข้าสู่ระบบด้วย LINE</h1>
<p>เลือกบัญชี LINE ที่จะใช้ (ตัวจำลอง)</p><form method="post">
{% for key, value in params.items() %}<input type="hidden" name="{{ key }}" value="{{ value }}">{% endfor %}
{% for user in users %}<button name="user_id" value="{{ user.user_id }}">{{ user.display_name }}</button>
{% endfor %}</form></body></html>"""


class LoginError(Exception):
    def __init__(self, description: str, error: str = "invalid_request", status: int = 400) -> None:
        super().__init__(description)
        self.status, self.body = status, {"error": error, "error_description": description}


@bp.errorhandler(LoginError)
def _login_error(error: LoginError) -> tuple[Response, int]:
    return _cors(jsonify(error.body)), error.status


@bp.post("/oauth2/v2.1/verify")
def verify() -> Response:
    """Verifies an ID token: signature, issuer, audience (client_id), expiry, nonce and user if given."""
    token, client_id = request.form.get("id_token"), request.form.get("client_id")
    if not token or not client_id:
        raise LoginError("id_token and client_id are required.")
    config = emulator().config
    try:
        claims = id_tokens.verify(config.login_channel_secret, token, client_id, emulator().state.now(),
                                  request.form.get("nonce"), request.form.get("user_id"))
    except id_tokens.Rejection as rejection:
        raise LoginError(rejection.description) from None
    return _cors(jsonify(claims))


@bp.route("/oauth2/v2.1/authorize", methods=["GET", "POST"])
def authorize() -> WerkzeugResponse | str:
    """GET shows the emulated users to log in as; POST (the chosen user) redirects with a code."""
    params = {key: value for key, value in request.values.items() if key != "user_id"}
    client_id, redirect_uri = params.get("client_id", ""), params.get("redirect_uri", "")
    if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
        raise LoginError("response_type=code and scope with openid are required.")
    if client_id != emulator().config.login_channel_id or not emulator().login.allows_redirect(
            client_id, redirect_uri):
        raise LoginError("Invalid redirect_uri value.")
    if request.method == "GET":
        return render_template_string(AUTHORIZE_PAGE, params=params, users=emulator().state.users())
    user = emulator().state.user(request.form.get("user_id", ""))
    if user is None:
        raise LoginError("unknown user", error="access_denied")
    code = emulator().login.issue_code(Grant(
        user.user_id, client_id, redirect_uri, params.get("nonce"),
        params.get("code_challenge"), emulator().state.now()))
    separator = "&" if urlsplit(redirect_uri).query else "?"
    return redirect(f"{redirect_uri}{separator}{urlencode({'code': code, 'state': params.get('state', '')})}")


@bp.route("/oauth2/v2.1/token", methods=["POST", "OPTIONS"])
def token() -> Response:
    """Exchanges a code for tokens, with the channel secret or (as the LIFF SDK does) a PKCE verifier."""
    if request.method == "OPTIONS":
        return _cors(Response(status=204))
    form, config = request.form, emulator().config
    if form.get("grant_type") != "authorization_code":
        raise LoginError("unsupported grant_type", error="unsupported_grant_type")
    grant = emulator().login.redeem(form.get("code", ""), emulator().state.now())
    secret_ok = form.get("client_secret") is None or form.get("client_secret") == config.login_channel_secret
    if (grant is None or grant.client_id != form.get("client_id")
            or grant.redirect_uri != form.get("redirect_uri") or not secret_ok
            or not pkce_matches(grant.code_challenge, form.get("code_verifier"))):
        raise LoginError("invalid authorization code", error="invalid_grant")
    return _cors(jsonify({
        "access_token": secrets.token_urlsafe(32), "token_type": "Bearer", "expires_in": 2592000,
        "scope": "openid profile", "refresh_token": secrets.token_urlsafe(24),
        "id_token": _id_token(grant.user_id, grant.nonce),
    }))


@bp.get("/liff/edge/2/sdk.js")
def sdk() -> Response:
    """The LIFF SDK shim, at the path LINE serves the real one from (static.line-scdn.net)."""
    return current_app.send_static_file("liff-sdk.js")


@bp.post("/_emulator/liff-apps")
def register_liff() -> dict[str, Any]:
    """Registers (or moves) a LIFF app: {"liffId": "<channel id>-<suffix>", "endpointUrl": …}."""
    body = request.get_json(silent=True) or {}
    liff_id, endpoint = str(body.get("liffId", "")), str(body.get("endpointUrl", ""))
    if not liff_id.startswith(emulator().config.login_channel_id + "-") or not endpoint.startswith("http"):
        raise LineError(400, "liffId must start with the login channel id and a dash; endpointUrl a URL")
    emulator().login.register_liff(liff_id, endpoint)
    return {}


@bp.post("/_emulator/liff/launch")
def launch() -> dict[str, Any]:
    """What LINE's in-app browser loads for a liff.line.me URL tapped by a user: {"url": …}."""
    body = request.get_json(silent=True) or {}
    return {"url": launch_url(str(body.get("userId", "")), str(body.get("url", "")))}


def launch_url(user_id: str, liff_url: str) -> str:
    """The endpoint URL (plus the LIFF URL's path and query) with a fresh ID token in the fragment."""
    if not liff_url.startswith(LIFF_HOST):
        raise LineError(400, "not a LIFF URL")
    user = emulator().state.user(user_id)
    parts = urlsplit(liff_url)
    liff_id, _, tail = parts.path.lstrip("/").partition("/")
    endpoint = emulator().login.liff_apps.get(liff_id)
    if user is None or endpoint is None:
        raise LineError(404, "Not found")
    url = endpoint.rstrip("/") + ("/" + tail if tail else "") + ("?" + parts.query if parts.query else "")
    fragment = urlencode({"id_token": _id_token(user.user_id, None), "liff_id": liff_id, "in_client": "1"})
    return f"{url}#{fragment}"


def _id_token(user_id: str, nonce: str | None) -> str:
    config, state = emulator().config, emulator().state
    user = state.user(user_id)
    name = user.display_name if user else ""
    return id_tokens.issue(config.login_channel_secret,
                           id_tokens.claims_for(user_id, name, config.login_channel_id, state.now(), nonce))


def _cors(response: Response) -> Response:
    """The LIFF SDK calls LINE Login from the app's own page, on another origin."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    return response

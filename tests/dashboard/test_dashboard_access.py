"""Who may open the dashboard: LIFF ID tokens verified by the emulated LINE Login, sessions, scope."""

from __future__ import annotations

from typing import Any

from emulator import id_tokens
from models import User
from models.vocabulary import Role
from tests.dashboard.conftest import Staff


def _token(staff: Staff, audience: str = "1657000016", age: float = 0, secret: str | None = None) -> str:
    config = staff.platform.config
    now = staff.platform.emulator.state.now()
    claims = id_tokens.claims_for(staff.line_user_id, "x", audience, now - age, None)
    return id_tokens.issue(secret or config.login_channel_secret, claims)


def test_a_verified_id_token_opens_one_session_and_a_replay_is_refused(staff: Any) -> None:
    chief = staff("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    id_token = chief.id_token()
    first = chief.client.post("/liff/api/session", json={"idToken": id_token})
    assert first.status_code == 201
    again = chief.client.post("/liff/api/session", json={"idToken": id_token})
    assert again.status_code == 401 and "already used" in again.get_json()["error"]
    assert chief.get("/liff/api/view", first.get_json()["token"]).status_code == 200


def test_expired_foreign_and_forged_tokens_are_refused(staff: Any) -> None:
    chief = staff("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    for bad, why in ((_token(chief, age=7200), "expired"), (_token(chief, audience="1999999999"), "Audience"),
                     (_token(chief, secret="not-the-secret"), "Signature")):
        answer = chief.client.post("/liff/api/session", json={"idToken": bad})
        assert answer.status_code == 401 and why in answer.get_json()["error"]
    for body in ({}, {"idToken": 5}, {"idToken": "short"}, [1]):
        assert chief.client.post("/liff/api/session", json=body).status_code == 400


def test_only_staff_get_a_session(staff: Any) -> None:
    for role, area in ((Role.CITIZEN, None), (Role.GUEST, None)):
        user = staff(f"ผู้ใช้ {role}", role, area)
        answer = user.client.post("/liff/api/session", json={"idToken": user.id_token()})
        assert answer.status_code == 403


def test_every_endpoint_needs_a_live_session(staff: Any) -> None:
    chief = staff("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    for path in ("/liff/api/view", "/liff/api/households?metric=target", "/liff/api/households/1",
                 "/liff/api/export?metric=target"):
        assert chief.client.get(path).status_code == 401
        assert chief.client.get(path, headers={"Authorization": "Bearer " + "x" * 43}).status_code == 401


def test_a_revoked_supervisor_is_refused_at_the_next_request(app: Any, staff: Any) -> None:
    chief = staff("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    token = chief.login()
    with app.extensions["logbook"].sessions.begin() as session:
        user = session.get(User, chief.user_id)
        user.role, user.area_code = Role.GUEST, None
    assert chief.get("/liff/api/view", token).status_code == 403


def test_the_page_sets_a_strict_policy_and_loads_nothing_from_third_parties(staff: Any) -> None:
    chief = staff("หัวหน้า วิชัย", Role.SUPERVISOR, "6501")
    page = chief.client.get("/liff/dashboard")
    policy = page.headers["Content-Security-Policy"]
    emulator = chief.platform.url
    assert page.status_code == 200
    assert f"script-src 'self' {emulator};" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = page.get_data(as_text=True)
    assert f'src="{emulator}/liff/edge/2/sdk.js"' in html and 'data-liff-id="1657000016-Dash16ab"' in html
    assert "https://" not in html
    assert chief.client.get("/liff/fonts/Sarabun-Regular.ttf").status_code == 200
    assert chief.client.get("/liff/fonts/..%2Fsecret.ttf").status_code == 404
    assert chief.get("/liff/api/view").headers["Cache-Control"] == "no-store"

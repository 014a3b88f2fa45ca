"""The emulator's LINE Login and LIFF stand-in over HTTP: verify, ID tokens, launches, authorize, token."""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.parse
from collections.abc import Iterator

import pytest

from emulator import id_tokens
from emulator.testing import RunningEmulator, start_emulator
from tests.dashboard.http import get, post_form, post_json

CHANNEL = "1657000016"
LIFF_ID = f"{CHANNEL}-Dash16ab"
ENDPOINT = "http://127.0.0.1:9/liff/dashboard"


@pytest.fixture
def platform() -> Iterator[RunningEmulator]:
    with start_emulator(liff_apps={LIFF_ID: ENDPOINT}) as running:
        yield running


def _launch(platform: RunningEmulator, user_id: str, url: str = f"https://liff.line.me/{LIFF_ID}") -> str:
    status, body, _ = post_json(f"{platform.url}/_emulator/liff/launch", {"userId": user_id, "url": url})
    assert status == 200, body
    return str(body["url"])


def _token_from(url: str) -> str:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).fragment)["id_token"][0]


def _verify(platform: RunningEmulator, token: str, **extra: str) -> tuple[int, dict[str, object]]:
    status, body, _ = post_form(f"{platform.url}/oauth2/v2.1/verify",
                                {"id_token": token, "client_id": "1657000016", **extra})
    return status, body


def test_a_liff_launch_opens_the_endpoint_with_an_id_token_that_verifies(platform: RunningEmulator) -> None:
    user = platform.emulator.add_user("หัวหน้า วิชัย")
    url = _launch(platform, user.user_id, f"https://liff.line.me/{LIFF_ID}/area/6501?x=1")
    assert url.startswith(ENDPOINT + "/area/6501?x=1#")
    status, claims = _verify(platform, _token_from(url))
    assert status == 200
    assert claims["sub"] == user.user_id and claims["aud"] == "1657000016" and claims["name"] == "หัวหน้า วิชัย"
    assert claims["iss"] == "https://access.line.me"


def test_verify_refuses_what_line_refuses(platform: RunningEmulator) -> None:
    user = platform.emulator.add_user("สมใจ")
    token = _token_from(_launch(platform, user.user_id))
    secret = platform.config.login_channel_secret
    now = platform.emulator.state.now()
    expired = id_tokens.issue(secret, id_tokens.claims_for(user.user_id, "x", CHANNEL, now - 7200, None))
    foreign = id_tokens.issue(secret, id_tokens.claims_for(user.user_id, "x", "1999999999", now, None))
    forged = id_tokens.issue("another-secret", id_tokens.claims_for(user.user_id, "x", CHANNEL, now, None))
    header, body, _ = token.split(".")
    cases = {
        expired: "IdToken expired.",
        foreign: "Invalid IdToken Audience.",
        forged: "Invalid IdToken Signature.",
        f"{header}.{body}x.": "Invalid IdToken.",
        "not-a-token": "Invalid IdToken.",
    }
    for bad, description in cases.items():
        assert _verify(platform, bad) == (400, {"error": "invalid_request", "error_description": description})
    assert _verify(platform, token, nonce="n-1")[1]["error_description"] == "Invalid IdToken Nonce."
    assert _verify(platform, token, user_id="U" + "0" * 32)[1]["error_description"] == (
        "Invalid IdToken Subject Identifier.")
    status, body, _ = post_form(f"{platform.url}/oauth2/v2.1/verify", {"id_token": token})
    assert status == 400 and body["error"] == "invalid_request"


def test_launch_refuses_unknown_apps_and_users(platform: RunningEmulator) -> None:
    user = platform.emulator.add_user("สมใจ")
    for body in ({"userId": user.user_id, "url": "https://liff.line.me/1657000016-nope"},
                 {"userId": "U" + "1" * 32, "url": f"https://liff.line.me/{LIFF_ID}"},
                 {"userId": user.user_id, "url": "https://example.com/"}):
        status, _, _ = post_json(f"{platform.url}/_emulator/liff/launch", body)
        assert status in (400, 404)


def test_outside_line_the_code_flow_with_pkce_gives_a_token_with_the_nonce(platform: RunningEmulator) -> None:
    user = platform.emulator.add_user("หัวหน้า วิชัย")
    verifier = "v" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    params = {"response_type": "code", "client_id": "1657000016", "redirect_uri": ENDPOINT, "state": "s1",
              "scope": "openid profile", "nonce": "n-42", "code_challenge": challenge,
              "code_challenge_method": "S256"}
    authorize = f"{platform.url}/oauth2/v2.1/authorize"
    status, page, _ = get(f"{authorize}?{urllib.parse.urlencode(params)}")
    assert status == 200 and "หัวหน้า วิชัย" in page
    status, _, headers = post_form(authorize, {**params, "user_id": user.user_id})
    assert status == 302
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(headers["Location"]).query)
    assert query["state"] == ["s1"]
    exchange = {"grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": ENDPOINT,
                "client_id": "1657000016"}
    assert post_form(f"{platform.url}/oauth2/v2.1/token", {**exchange, "code_verifier": "wrong"})[0] == 400
    status, _, _ = post_form(f"{platform.url}/oauth2/v2.1/token", {**exchange, "code_verifier": verifier})
    assert status == 400  # a code is single-use, and the wrong verifier above spent it
    status, _, headers = post_form(authorize, {**params, "user_id": user.user_id})
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(headers["Location"]).query)["code"][0]
    status, tokens, _ = post_form(f"{platform.url}/oauth2/v2.1/token",
                                  {**exchange, "code": code, "code_verifier": verifier})
    assert status == 200 and tokens["token_type"] == "Bearer"
    status, claims = _verify(platform, str(tokens["id_token"]), nonce="n-42")
    assert status == 200 and claims["sub"] == user.user_id


def test_authorize_refuses_a_redirect_off_the_liff_endpoints(platform: RunningEmulator) -> None:
    params = {"response_type": "code", "client_id": "1657000016", "redirect_uri": "https://evil.example/cb",
              "state": "s", "scope": "openid"}
    status, body, _ = get(f"{platform.url}/oauth2/v2.1/authorize?{urllib.parse.urlencode(params)}")
    assert status == 400 and json.loads(body)["error"] == "invalid_request"


def test_the_sdk_shim_is_served(platform: RunningEmulator) -> None:
    status, script, headers = get(f"{platform.url}/liff/edge/2/sdk.js")
    assert status == 200 and "window.liff" in script and "javascript" in headers["Content-Type"]

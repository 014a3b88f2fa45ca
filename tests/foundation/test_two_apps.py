"""Two apps with different settings live in one process: each verifies, stores and processes with its own
services, and neither sees the other's (nothing is kept in a module global)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from bot.services import services_of
from bot.web.app import create_app
from emulator import events
from models import InboxEvent, User
from tests import conftest

BOT = "U" + "0" * 32


def _app(database_url: str, redis_url: str | None, namespace: str, secret: str) -> Flask:
    return create_app(
        conftest.test_environ(
            database_url,
            redis_url,
            "http://127.0.0.1:9",  # nothing listens there: no reply is expected, none may leave this machine
            LINE_CHANNEL_SECRET=secret,
            LOGBOOK_REDIS_NAMESPACE=namespace,
        )
    )


def _post(app: Flask, secret: str, body: bytes) -> int:
    headers = {"X-Line-Signature": events.sign(secret, body), "Content-Type": "application/json"}
    return app.test_client().post("/callback", data=body, headers=headers).status_code


def test_two_apps_with_different_settings_serve_side_by_side(database_url, redis_url, redis_namespace):
    first = _app(database_url, redis_url, f"{redis_namespace}-a", "first-channel-secret")
    second = _app(database_url, redis_url, f"{redis_namespace}-b", "second-channel-secret")
    try:
        first_user, second_user = "U" + "a" * 32, "U" + "b" * 32
        first_body = events.webhook_body(BOT, [events.unfollow(events.user_source(first_user))])
        second_body = events.webhook_body(BOT, [events.unfollow(events.user_source(second_user))])

        assert _post(second, "first-channel-secret", first_body) == 400
        assert _post(first, "second-channel-secret", second_body) == 400
        assert _post(first, "first-channel-secret", first_body) == 200
        assert _post(second, "second-channel-secret", second_body) == 200
        for app in (first, second):
            services_of(app).jobs.drain()

        assert services_of(first).key("x") == f"{redis_namespace}-a:x"
        assert services_of(second).key("x") == f"{redis_namespace}-b:x"
        with services_of(first).sessions() as session:
            done = select(InboxEvent.chat_id).where(InboxEvent.processed_at.is_not(None))
            processed = session.scalars(done)
            assert set(processed) == {first_user, second_user}
            following = {user.line_user_id: user.following for user in session.scalars(select(User))}
            assert following == {first_user: False, second_user: False}
    finally:
        for app in (first, second):
            services_of(app).close()

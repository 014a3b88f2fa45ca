"""The whole service in this process — bot, LINE emulator, chat page — and headless Chromium to drive it.

Skips with a clear message where Debian's Chromium (/usr/bin/chromium) or the playwright package is
missing; `make test` installs Chromium where it can. Runs on the embedded default only.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.services import Services
from bot.web.app import create_app
from emulator import demo, demo_data
from emulator.server import RunningServer, run_in_thread
from models.vocabulary import Dimension
from tests import factories
from tests.conftest import on_postgres, test_environ

CHROMIUM = Path(os.environ.get("LOGBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HOUSE_CODE = "65010000001"
# Open problems in three dimensions: a visit report on this household alerts the district supervisor.
OPEN_PROBLEMS = (
    (Dimension.HEALTH, "ป้าป่วยเบาหวาน"),
    (Dimension.INCOME, "ลุงตกงาน"),
    (Dimension.LIVING, "หลังคารั่ว"),
)


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"browser test skipped: no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "browser test skipped: the playwright package is missing (pip install -r requirements.txt)"
    if on_postgres:
        return "browser test skipped: it runs once, on the embedded default"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skips browser tests before any fixture (a database, servers) is set up for them."""
    reason = _missing()
    for item in items:
        if reason and item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class Service:
    chat_url: str
    rt: Services
    invite_code: str
    emulator: RunningServer


@pytest.fixture
def service(database_url: str, redis_url: str | None, tmp_path: Path) -> Iterator[Service]:
    """The demo's wiring on free ports: one household in crisis to visit, the demo users, an invite code."""
    bot_port, chat_port = demo.free_port(0), demo.free_port(0)
    bot_url, chat_url = demo.local_url(bot_port), demo.local_url(chat_port)
    app = create_app(test_environ(database_url, redis_url, chat_url, LOGBOOK_PUBLIC_URL=bot_url))
    rt: Services = app.extensions["logbook"]
    with rt.sessions.begin() as session:
        home = factories.household(session, rt.protector, house_code=HOUSE_CODE)
        for dimension, detail in OPEN_PROBLEMS:
            factories.problem(session, home.id, dimension, detail)
        demo_data.add_users(session, rt.now())
        [code, *_] = demo_data.invite_codes(session, rt.now())
    emulator = demo.start_emulator(rt, bot_url, chat_port, tmp_path / "emulator-users.json")
    service = Service(chat_url, rt, code, emulator)  # a test may restart the emulator: stop the last one
    bot = run_in_thread(app, demo.HOST, bot_port)
    try:
        demo.show_rich_menus(rt)
        yield service
    finally:
        bot.stop()
        service.emulator.stop()
        rt.close()


@contextlib.contextmanager
def chromium_page(width: int, height: int) -> Iterator[Any]:
    """A page of headless Chromium in Thai; an error on the page fails the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": width, "height": height}, locale="th-TH")
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        browser.close()
        assert not errors, errors


@pytest.fixture
def page(service: Service) -> Iterator[Any]:
    with chromium_page(1440, 960) as page:
        yield page

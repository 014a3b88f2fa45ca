"""The ศจพ. dashboard in headless Chromium: opened from the chat page's rich menu inside the chat pane
(the emulated LIFF in-app browser), drilled down to a household, numbers checked against the database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.services import Services
from bot.web.app import create_app
from emulator import demo, demo_data
from emulator.demo_data import USERS
from emulator.server import run_in_thread
from models import Assistance, Household, Visit
from registry.dashboard.metrics import Moment
from tests import conftest
from tests.browser.conftest import chromium_page
from tests.dashboard import data, recount

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "dashboard.png"
TIMEOUT_MS = 20_000
OFFICER, SUPERVISOR = USERS[0].display_name, USERS[1].display_name


@pytest.fixture
def dashboard(database_url: str, redis_url: str | None, tmp_path: Path) -> Iterator[tuple[str, Services]]:
    """The demo's wiring with its LIFF app, households with a history in districts 6501 and 6502."""
    bot_port, chat_port = demo.free_port(0), demo.free_port(0)
    bot_url, chat_url = demo.local_url(bot_port), demo.local_url(chat_port)
    app = create_app(conftest.test_environ(database_url, redis_url, chat_url, LOGBOOK_PUBLIC_URL=bot_url,
                                  LINE_LIFF_ID=demo.DEMO_LIFF_ID))
    rt: Services = app.extensions["logbook"]
    with rt.sessions.begin() as session:
        data.seed(session, rt.protector, rt.now())
        demo_data.add_users(session, rt.now())
    emulator = demo.start_emulator(rt, bot_url, chat_port, tmp_path / "emulator-users.json")
    bot = run_in_thread(app, demo.HOST, bot_port)
    try:
        demo.show_rich_menus(rt)
        yield chat_url, rt
    finally:
        bot.stop()
        emulator.stop()
        rt.close()


@pytest.fixture
def phone(dashboard: tuple[str, Services]) -> Iterator[Any]:
    with chromium_page(1200, 1000) as page:
        yield page


def _open_dashboard(page: Any, chat_url: str, user: str) -> Any:
    """Opens the user's chat, taps แดชบอร์ด in the rich menu; the LIFF page inside the pane."""
    page.goto(chat_url + "/")
    page.get_by_role("button", name=user, exact=True).click()
    pane = page.locator(".pane", has=page.locator(".pane-title", has_text=user))
    menu = pane.locator(".richmenu-panel")
    menu.get_by_role("button", name="แดชบอร์ด", exact=True, include_hidden=True).wait_for(
        state="attached", timeout=TIMEOUT_MS)
    pane.locator(".chat-bar").click()
    menu.get_by_role("button", name="แดชบอร์ด", exact=True).click()
    return pane, pane.frame_locator("iframe.in-app-page")


def _number(locator: Any) -> int:
    return int(locator.inner_text(timeout=TIMEOUT_MS).replace(",", ""))


def test_the_supervisor_drills_down_from_district_to_a_household(
        dashboard: tuple[str, Services], phone: Any) -> None:
    from playwright.sync_api import expect

    chat_url, rt = dashboard
    page = phone
    pane, frame = _open_dashboard(page, chat_url, SUPERVISOR)
    moment = Moment(rt.now())
    with rt.sessions() as session:
        district = recount.household_counts(session, "6501", moment)
        subdistrict = recount.household_counts(session, "650101", moment)
    headline = frame.locator("#headline")
    expect(headline).to_contain_text("ครัวเรือนเป้าหมาย", timeout=TIMEOUT_MS)
    assert _number(headline.locator('[data-metric="target"]')) == district["target"] == 18
    assert _number(headline.locator('[data-metric="visited_90"]')) == district["visited_90"]
    currency = frame.locator("#currency")
    assert _number(currency.locator('[data-metric="overdue"]')) == district["overdue"]
    if os.environ.get("LOGBOOK_UPDATE_SCREENSHOT"):
        page.set_viewport_size({"width": 900, "height": 1200})
        pane.screenshot(path=str(SCREENSHOT))
    frame.locator("#ranking a", has_text="ในเมือง").click()
    expect(frame.locator("#trail")).to_contain_text("ในเมือง", timeout=TIMEOUT_MS)
    assert _number(frame.locator('#headline [data-metric="target"]')) == subdistrict["target"] == 12
    frame.locator('#headline [data-metric="target"]').click()
    expect(frame.locator("#list-total")).to_have_text("12", timeout=TIMEOUT_MS)
    first = frame.locator("#list tbody tr").first
    household_id = int(first.get_attribute("data-household"))
    first.locator("a").click()
    shown = frame.locator("#household")
    expect(shown).to_contain_text("จำนวนครั้งที่เยี่ยม", timeout=TIMEOUT_MS)
    with rt.sessions() as session:
        home = session.get(Household, household_id)
        assert home is not None and home.subdistrict_code == "650101"
        visits = session.scalar(select(func.count()).select_from(Visit).where(Visit.household_id == home.id))
        helped = session.scalar(select(func.count()).select_from(Assistance)
                                .where(Assistance.household_id == home.id))
    assert _number(shown.locator("#visits")) == visits
    assert _number(shown.locator("#assistance-count")) == helped
    expect(shown).to_contain_text(f"บ้านเลขที่ {home.house_no}")


def test_the_officer_cannot_leave_their_area(dashboard: tuple[str, Services], phone: Any) -> None:
    from playwright.sync_api import expect

    chat_url, rt = dashboard
    _, frame = _open_dashboard(phone, chat_url, OFFICER)
    expect(frame.locator("#trail")).to_contain_text("เมืองพิษณุโลก", timeout=TIMEOUT_MS)
    with rt.sessions() as session:
        outside = session.scalars(select(Household.id).where(Household.district_code == "6502")).first()
    body = frame.locator("body")
    for place in ("#area=6502", "#area=65", f"#household={outside}", "#list=6502&metric=target&page=1"):
        body.evaluate("(node, hash) => { location.hash = hash; }", place)
        expect(frame.locator("#main")).to_contain_text("ไม่พบข้อมูลนี้ในพื้นที่ของคุณ", timeout=TIMEOUT_MS)
    body.evaluate("(node) => { location.hash = '#area=6501'; }")
    expect(frame.locator("#headline")).to_contain_text("ครัวเรือนเป้าหมาย", timeout=TIMEOUT_MS)


def test_outside_line_the_page_goes_through_line_login(dashboard: tuple[str, Services], phone: Any) -> None:
    from playwright.sync_api import expect

    chat_url, rt = dashboard
    bot_url = rt.settings.public_base_url
    phone.set_viewport_size({"width": 360, "height": 740})
    phone.goto(f"{bot_url}/liff/dashboard")
    expect(phone.get_by_role("heading", name="เข้าสู่ระบบด้วย LINE")).to_be_visible(timeout=TIMEOUT_MS)
    assert phone.url.startswith(f"{chat_url}/oauth2/v2.1/authorize?")
    phone.get_by_role("button", name=SUPERVISOR, exact=True).click()
    expect(phone.locator("#headline")).to_contain_text("ครัวเรือนเป้าหมาย", timeout=TIMEOUT_MS)
    assert phone.url == f"{bot_url}/liff/dashboard"
    assert _number(phone.locator('#headline [data-metric="target"]')) == 18

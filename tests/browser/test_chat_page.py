"""A newcomer's first visit report, only by clicking and typing on the chat page in headless Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from emulator.demo_data import USERS
from emulator.server import run_in_thread
from tests.browser.conftest import HOUSE_CODE, OPEN_PROBLEMS, Service

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "chat-page.png"
BOT_TIMEOUT_MS = 20_000  # the first answer also warms up the Thai tokenizer
SUPERVISOR, GUEST = USERS[1].display_name, USERS[3].display_name


class ChatPane:
    """One chat on the page, used as a person would: type, tap chips and buttons, use the rich menu."""

    def __init__(self, page: Any, user: str) -> None:
        self.page = page
        self.root = page.locator(".pane", has=page.locator(".pane-title", has_text=user))

    def type(self, text: str) -> None:
        box = self.root.get_by_label("ข้อความ")
        box.fill(text)
        box.press("Enter")

    def sees(self, text: str | re.Pattern[str]) -> None:
        from playwright.sync_api import expect

        expect(self.root.locator(".row.bot").last).to_contain_text(text, timeout=BOT_TIMEOUT_MS)

    def tap(self, label: str) -> None:
        """A quick reply under the bot's last message (waits for the bot's answer to bring it)."""
        chip = self.root.locator(".quick-replies").get_by_role("button", name=label, exact=True)
        chip.click(timeout=BOT_TIMEOUT_MS)

    def press(self, label: str) -> None:
        """A button inside a Flex message."""
        self.root.locator(".flex-button", has_text=label).last.click(timeout=BOT_TIMEOUT_MS)

    def open_menu_item(self, label: str) -> None:
        """Opens the rich menu with its chat bar (once the role's menu has arrived) and taps an area."""
        menu = self.root.locator(".richmenu-panel")
        menu.get_by_role("button", name=label, exact=True, include_hidden=True).wait_for(
            state="attached", timeout=BOT_TIMEOUT_MS
        )
        self.root.locator(".chat-bar").click()
        menu.get_by_role("button", name=label, exact=True).click()

    def send_sample_photo(self) -> None:
        self.tap("เลือกรูป")
        self.page.locator("#photo-picker .choice").first.click()


def test_register_and_report_a_visit_by_clicking(service: Service, page: Any, tmp_path: Path) -> None:
    page.goto(service.chat_url + "/")
    page.get_by_role("button", name=GUEST, exact=True).click()
    officer = ChatPane(page, GUEST)

    officer.type(service.invite_code)
    officer.sees("ลงทะเบียนสำเร็จ คุณเป็นเจ้าหน้าที่ภาคสนาม")
    officer.open_menu_item("เยี่ยมบ้าน")
    officer.sees("เยี่ยมครัวเรือนไหนคะ")
    officer.type(HOUSE_CODE)
    officer.sees("ใช่ครัวเรือนนี้ไหมคะ")
    officer.tap("ใช่")
    officer.sees("ไปเยี่ยมวันไหนคะ")
    officer.tap("วันนี้")
    officer.tap("ยินยอม")
    for _ in OPEN_PROBLEMS:
        officer.sees("ปัญหาเดิม")
        officer.tap("กำลังดำเนินการ")
    officer.tap("ไม่มีปัญหาใหม่")
    officer.tap("ไม่มี")
    officer.tap("อยู่พอเพียง")
    officer.tap("อีก 30 วัน (แนะนำ)")
    officer.send_sample_photo()
    officer.sees("ได้รับรูปแล้ว 1 รูป")
    officer.tap("เสร็จแล้ว")
    officer.sees("แชร์ตำแหน่ง")
    officer.tap("ข้าม")
    officer.sees("บันทึกเพิ่มเติม")
    officer.tap("ข้าม")
    officer.sees("ตรวจสอบแล้วกด ยืนยันส่งรายงาน")

    page.get_by_title(f"เปิด {SUPERVISOR} ข้างกัน").click()
    officer.press("ยืนยันส่งรายงาน")
    officer.sees(re.compile(r"บันทึกการเยี่ยมเรียบร้อยแล้วค่ะ\s+เลขที่รายงาน VR-25\d\d-\d{6}"))
    ChatPane(page, SUPERVISOR).sees("ครัวเรือนวิกฤต")  # pushed, and shown without a reload

    assert page.locator("#requests .request.bad").count() == 0
    page.locator("#requests summary", has_text="/v2/bot/message/push").first.click()
    shot = SCREENSHOT if os.environ.get("LOGBOOK_UPDATE_SCREENSHOT") else tmp_path / SCREENSHOT.name
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_emoji_show_and_a_lost_connection_is_announced_then_restored(service: Service, page: Any) -> None:
    """A new friend with an emoji name types emoji; the page draws them with the vendored Twemoji. The
    emulator stops: the page says so; it comes back on the same port: the page reconnects by itself."""
    from playwright.sync_api import expect

    page.goto(service.chat_url + "/")
    page.get_by_placeholder("ชื่อผู้ใช้ใหม่").fill("ลุงดี 😀")
    page.get_by_role("button", name="เพิ่มเพื่อน").click()
    friend = ChatPane(page, "ลุงดี 😀")
    friend.sees("ยินยอม")
    friend.type("สวัสดีค่ะ 🙏🏠")
    expect(friend.root.locator(".row.user").last).to_contain_text("🙏🏠")
    twemoji = "() => [...document.fonts].some(f => f.family === 'Twemoji' && f.status === 'loaded')"
    page.wait_for_function(twemoji, timeout=BOT_TIMEOUT_MS)

    banner = page.get_by_text("การเชื่อมต่อขาดหาย กำลังเชื่อมต่อใหม่…")
    expect(banner).to_be_hidden()
    app, port = service.emulator.app, int(service.chat_url.rsplit(":", 1)[1])
    service.emulator.stop()
    expect(banner).to_be_visible(timeout=BOT_TIMEOUT_MS)
    service.emulator = run_in_thread(app, "127.0.0.1", port)
    expect(banner).to_be_hidden(timeout=BOT_TIMEOUT_MS)
    expect(page.locator("#user-list")).to_contain_text("ลุงดี 😀")

"""The smallest conversation: the bot answers through the emulator, and the answer is valid."""

from tests.e2e.conftest import all_text


def test_help_reply_arrives(chat):
    guest = chat.user("ผู้ใช้ใหม่")
    replies = guest.say("วิธีใช้")
    assert "เชื่อมบัญชี" in all_text(replies)

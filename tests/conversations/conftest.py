"""The conversation tests drive the bot exactly as the end-to-end suite does: signed events in through
/callback, the bot's messages read from the emulator. Its fixtures are shared, not copied."""

from tests.e2e.conftest import chat, clock, home, line_api_base_url, line_platform, officer

__all__ = ["chat", "clock", "home", "line_api_base_url", "line_platform", "officer"]

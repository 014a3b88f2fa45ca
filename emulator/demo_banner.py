"""What `make demo` prints: where to go and what to type in the chat page."""

from __future__ import annotations

from bot.worker import schedule
from emulator import demo_data
from nlp import thai_date


def spaced_id(number: str) -> str:
    """1-2345-67890-12-3, as printed on the card."""
    return f"{number[0]}-{number[1:5]}-{number[5:10]}-{number[10:12]}-{number[12]}"


def banner(chat_url: str, bot_url: str, database_url: str, codes: list[str], houses: list[str],
           citizen: demo_data.LinkableCitizen | None) -> str:
    """What the demo prints: where to go and what to type. The national ID is synthetic (generated)."""
    link = "(no households generated)"
    if citizen is not None:
        born = thai_date(citizen.birth_date)
        link = f"{spaced_id(citizen.national_id)} born {born} ({citizen.name}, synthetic)"
    jobs = "|".join(schedule.RUNNABLE)
    first_house = houses[0] if houses else "…"
    return "\n".join(
        [
            "",
            "Thai People Logbook on LINE — demo",
            f"  Chat page     {chat_url}/    ← open this in a browser",
            f"  Bot webhook   {bot_url}/callback   (database {database_url})",
            "  LINE users    " + " · ".join(person.display_name for person in demo_data.USERS),
            f"  Invite codes  {'  '.join(codes)}   (officer, {demo_data.AREA_NAME}: type one as ผู้ใช้ใหม่)",
            f"  House codes   {'  '.join(houses) or '(no households generated)'}   (for เยี่ยมบ้าน)",
            f"  Link citizen  {link}   (type เชื่อมบัญชี as ผู้ใช้ใหม่ or a new friend)",
            f"  Locations     the location picker's first two points: at house {first_house}, "
            f"and {demo_data.FAR_KM} km from it (the visit asks to confirm that one)",
            "  Reports now   the chat page's งานตามเวลา, or in a shell:",
            f"                LOGBOOK_ENV=development LINE_API_BASE_URL={chat_url} "
            f"LOGBOOK_PUBLIC_URL={bot_url} .venv/bin/flask --app wsgi jobs run {jobs}",
            "Press Ctrl-C to stop.",
        ]
    )

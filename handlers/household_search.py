"""Finding a household from what an officer types: a house code, a national ID, or a name (and หมู่)."""

from __future__ import annotations

import re

from sqlalchemy import select

import nlp
from handlers.context import Context
from models import Village
from models.lookups import HouseholdCard, find_by_house_code, find_by_national_id, search_by_name

VILLAGE_AT_END = re.compile(r"\s+((?:หมู่(?:ที่)?|ม\.)\s*\d{1,2}|บ้าน\S+)$")
MOO = re.compile(r"^(?:หมู่(?:ที่)?|ม\.)?\s*(\d{1,2})$")


def search(ctx: Context, query: str) -> list[HouseholdCard]:
    """Matches inside the user's scope, best first (at most 10)."""
    scope = ctx.user.area_code or ""
    text = nlp.normalize(query)
    if nlp.parse_national_id(text):
        found = find_by_national_id(ctx.session, ctx.protector, scope, text)
        return [found] if found else []
    if nlp.parse_house_code(text):
        found = find_by_house_code(ctx.session, scope, text)
        return [found] if found else []
    name, village = split_village(text)
    return search_by_name(ctx.session, scope, name, village) if name else []


def split_village(text: str) -> tuple[str, str | None]:
    """'สมชาย หมู่ 3' → ('สมชาย', 'หมู่ 3'); a trailing village name 'บ้านหนองบัว' works too."""
    match = VILLAGE_AT_END.search(text)
    if match is None:
        return text.strip(), None
    return text[: match.start()].strip(), match.group(1).strip()


def villages(ctx: Context, text: str) -> list[Village]:
    """Villages in the user's scope matching an 8-digit code, a หมู่ number or part of a name."""
    query = nlp.normalize(text).strip()
    condition = Village.subdistrict_code.startswith(ctx.user.area_code or "-")
    if len(query) == 8 and query.isdigit():
        condition &= Village.code == query
    elif match := MOO.match(query):
        condition &= Village.moo == int(match.group(1))
    else:
        condition &= Village.name_th.contains(query.removeprefix("บ้าน"), autoescape=True)
    return list(ctx.session.scalars(select(Village).where(condition).order_by(Village.code).limit(13)))

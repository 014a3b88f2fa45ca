"""GET /charts/<token>.png: the chart images of LINE image messages, which LINE fetches itself.

The images are stored by the worker (`bot.worker.chart_links`); the token is the capability, and
nothing else in the URL names an area or a person.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app
from sqlalchemy import select

from bot.services import services_of
from models import ChartImage

TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")

blueprint = Blueprint("charts", __name__)


@blueprint.get("/charts/<token>.png")
def chart(token: str) -> Response:
    if not TOKEN.fullmatch(token):
        abort(404)
    with services_of(current_app).sessions() as session:
        png = session.scalar(select(ChartImage.png).where(ChartImage.token == token))
    if png is None:
        abort(404)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "public, max-age=604800, immutable"})

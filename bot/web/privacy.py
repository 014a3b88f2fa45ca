"""GET /privacy: the full privacy notice (PDPA) that the consent message links to, as a plain Thai page."""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response

from handlers.citizen import notice

blueprint = Blueprint("privacy", __name__)

PAGE = """<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: Sarabun, "Noto Sans Thai", sans-serif; max-width: 40rem; margin: 1.5rem auto;
       padding: 0 1rem; line-height: 1.7; color: #222; }}
h1 {{ font-size: 1.4rem; color: #06C755; }}
h2 {{ font-size: 1.1rem; margin-bottom: 0.2rem; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>สมุดบันทึกคนไทย (TPMAP Logbook) บน LINE · ฉบับ {version}</p>
{sections}
</body>
</html>
"""


@blueprint.get("/privacy")
def privacy() -> Response:
    sections = "\n".join(
        f"<h2>{escape(heading)}</h2>\n<p>{escape(body)}</p>" for heading, body in notice.FULL
    )
    page = PAGE.format(title=escape(notice.TITLE), version=escape(notice.VERSION), sections=sections)
    return Response(page, content_type="text/html; charset=utf-8")

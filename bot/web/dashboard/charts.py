"""Charts drawn on the server as SVG text: no chart library, no third-party host, Thai in Sarabun."""

from __future__ import annotations

from html import escape
from typing import Any

from models.vocabulary import DevelopmentLevel
from nlp.dates import MONTHS

COLOURS = {"survive": "#E53935", "sufficient": "#F9A825", "sustainable": "#06C755", "no_level": "#9E9E9E"}
WIDTH = 320


def level_bars(levels: list[dict[str, Any]]) -> str:
    """One horizontal bar per development level, its count at the end."""
    top = max([row["count"] for row in levels] + [1])
    rows = []
    for index, row in enumerate(levels):
        y = 8 + index * 30
        width = round(180 * row["count"] / top)
        colour = COLOURS.get(row["key"].removeprefix("level:"), "#9E9E9E")
        rows.append(f'<text x="0" y="{y + 15}" font-size="13">{escape(row["label"])}</text>'
                    f'<rect x="100" y="{y}" width="{width}" height="20" rx="3" fill="{colour}"/>'
                    f'<text x="{106 + width}" y="{y + 15}" font-size="13">{row["count"]:,}</text>')
    return _svg(16 + 30 * len(levels), "ระดับการพัฒนาของครัวเรือน", "".join(rows))


def movement_columns(months: list[dict[str, Any]]) -> str:
    """Visits per month stacked by the level assessed, the month under each column."""
    if not months:
        return _svg(40, "ยังไม่มีการประเมินระดับ", '<text x="0" y="24" font-size="13">ยังไม่มีการประเมินระดับ</text>')
    totals = [sum(m[lv.value] for lv in DevelopmentLevel) for m in months]
    top, step = max([*totals, 1]), (WIDTH - 10) / len(months)
    parts = []
    for index, month in enumerate(months):
        x, base = 10 + index * step, 150.0
        for level in DevelopmentLevel:
            height = 120 * month[level.value] / top
            base -= height
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{step * 0.6:.1f}" height="{height:.1f}" '
                         f'fill="{COLOURS[level.value]}"><title>{escape(level.label_th)} '
                         f'{month[level.value]}</title></rect>')
        number = month["month"].split("-")[1]
        parts.append(f'<text x="{x:.1f}" y="168" font-size="12">{MONTHS[int(number) - 1][2]}</text>'
                     f'<text x="{x:.1f}" y="{base - 4:.1f}" font-size="11">{totals[index]}</text>')
    legend = "".join(f'<rect x="{10 + i * 100}" y="178" width="10" height="10" fill="{COLOURS[lv.value]}"/>'
                     f'<text x="{24 + i * 100}" y="188" font-size="11">{escape(lv.label_th)}</text>'
                     for i, lv in enumerate(DevelopmentLevel))
    return _svg(196, "การประเมินระดับรายเดือน", "".join(parts) + legend)


def _svg(height: int, title: str, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'font-family="Sarabun, sans-serif"><title>{escape(title)}</title>{body}</svg>')

"""Chart images (PNG) drawn with matplotlib's Agg canvas and Sarabun, a Thai font installed from PyPI.

Without a Thai font matplotlib draws every Thai letter as an empty box; Sarabun (the modern form of
the Thai government's typeface) covers Thai, Latin and digits, so it is the only family used here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import fontpkg_sarabun
import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

FONT_DIR = fontpkg_sarabun.ROOT / "files"
FAMILY = "Sarabun"
BAR = "#06C755"
DIMENSION_BARS = ("#E53935", "#1E88E5", "#F9A825", "#8E24AA", "#00897B")
SIZE_INCHES, DPI = (10, 5.2), 100


@cache
def _register_fonts() -> None:
    for path in sorted(FONT_DIR.glob(f"{FAMILY}-*.ttf")):
        font_manager.fontManager.addfont(str(path))


@contextmanager
def thai_text() -> Iterator[None]:
    """Every text drawn inside uses Sarabun (titles, labels and the tick labels made while drawing)."""
    _register_fonts()
    with matplotlib.rc_context({"font.family": FAMILY, "font.size": 12, "axes.titleweight": "bold"}):
        yield


def weekly_figure(title: str, days: list[tuple[str, int]], dimensions: list[tuple[str, int]]) -> Figure:
    """Visits per day (bars) beside new problems per dimension (horizontal bars). Call inside thai_text()."""
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(title, fontsize=17, fontweight="bold")
    visits, problems = figure.subplots(1, 2, width_ratios=(3, 2))
    _bars(visits, "การเยี่ยมบ้านรายวัน (ครั้ง)", days, horizontal=False)
    _bars(problems, "ปัญหาใหม่ตามมิติ (เรื่อง)", list(reversed(dimensions)), horizontal=True)
    return figure


def _bars(axes: Axes, heading: str, values: list[tuple[str, int]], *, horizontal: bool) -> None:
    labels, counts = [label for label, _ in values], [count for _, count in values]
    positions = range(len(values))
    if horizontal:
        colours = list(reversed(DIMENSION_BARS[: len(values)]))
        bars = axes.barh(positions, counts, color=colours)
        axes.set_yticks(positions, labels)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        bars = axes.bar(positions, counts, color=BAR)
        axes.set_xticks(positions, labels)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.bar_label(bars, padding=2)
    axes.set_title(heading)
    axes.margins(0.12)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def weekly_png(title: str, days: list[tuple[str, int]], dimensions: list[tuple[str, int]]) -> bytes:
    with thai_text():
        return png(weekly_figure(title, days, dimensions))

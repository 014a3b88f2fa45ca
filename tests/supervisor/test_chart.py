"""The weekly chart draws Thai as Thai letters, not as empty boxes."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text
from PIL import Image

from handlers.supervisor import chart

TITLE = "สรุปรายสัปดาห์ อำเภอเมืองพิษณุโลก · 16 พ.ย. 2569 – 22 พ.ย. 2569"
DAYS = [("จ. 16", 3), ("อ. 17", 5), ("พ. 18", 0), ("พฤ. 19", 8), ("ศ. 20", 2), ("ส. 21", 0), ("อา. 22", 1)]
DIMENSIONS = [("สุขภาพ", 4), ("ความเป็นอยู่", 2), ("การศึกษา", 0), ("รายได้", 6), ("การเข้าถึงบริการรัฐ", 1)]


def missing_glyphs(text: str, font_file: str) -> set[str]:
    """The characters of text that the font has no glyph for (they would be drawn as boxes)."""
    covered = FT2Font(font_file).get_charmap()
    return {c for c in text if not c.isspace() and ord(c) not in covered}


def drawn_texts() -> list[tuple[str, str]]:
    """Every visible text of the drawn weekly chart, with the font file matplotlib uses for it."""
    with chart.thai_text():
        figure = chart.weekly_figure(TITLE, DAYS, DIMENSIONS)
        figure.canvas.draw()
        return [
            (t.get_text(), font_manager.findfont(t.get_fontproperties(), fallback_to_default=False))
            for t in figure.findobj(Text)
            if t.get_text().strip() and t.get_visible()
        ]


def test_every_text_is_drawn_with_sarabun_which_has_every_letter():
    texts = drawn_texts()
    assert {"สรุปรายสัปดาห์" in t for t, _ in texts} == {True, False}
    assert {"การเข้าถึงบริการรัฐ", "พฤ. 19"} <= {t for t, _ in texts}
    for content, font_file in texts:
        assert Path(font_file).name.startswith("Sarabun-"), content
        assert missing_glyphs(content, font_file) == set(), content


def test_the_check_would_catch_a_font_without_thai():
    dejavu = font_manager.findfont("DejaVu Sans")
    assert "ส" in missing_glyphs(TITLE, dejavu)


def test_rendering_warns_of_no_missing_glyph_while_a_font_without_thai_does():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = chart.weekly_png(TITLE, DAYS, DIMENSIONS)
    with (
        matplotlib.rc_context({"font.family": "DejaVu Sans"}),
        pytest.warns(UserWarning, match="missing from font"),
    ):
        chart.png(chart.weekly_figure(TITLE, DAYS, DIMENSIONS))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1000, 520) and len(png) < 1_000_000

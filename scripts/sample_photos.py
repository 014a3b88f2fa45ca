"""Draws the chat page's sample photos (emulator/static/samples/): a house, a leaking roof, a document.

Run once from the repository root: python scripts/sample_photos.py
"""

from __future__ import annotations

from pathlib import Path

import fontpkg_sarabun
from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parents[1] / "emulator" / "static" / "samples"
SIZE = (480, 360)
SKY, GRASS, WALL, ROOF, DOOR = "#9CD3F5", "#7CB342", "#D7B98E", "#8D4A2F", "#5D4037"


def house() -> Image.Image:
    image = Image.new("RGB", SIZE, SKY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 270, 480, 360), fill=GRASS)
    draw.rectangle((130, 170, 350, 290), fill=WALL)
    draw.polygon([(110, 175), (240, 80), (370, 175)], fill=ROOF)
    draw.rectangle((215, 215, 265, 290), fill=DOOR)
    draw.rectangle((150, 195, 195, 235), fill="#FFFFFF", outline=DOOR, width=4)
    draw.rectangle((285, 195, 330, 235), fill="#FFFFFF", outline=DOOR, width=4)
    draw.ellipse((390, 30, 450, 90), fill="#FDD835")
    return image


def roof() -> Image.Image:
    image = Image.new("RGB", SIZE, "#B0BEC5")
    draw = ImageDraw.Draw(image)
    for x in range(-40, 520, 48):
        draw.polygon([(x, 0), (x + 24, 0), (x + 64, 360), (x + 40, 360)], fill="#90A4AE")
    draw.polygon([(190, 120), (260, 100), (300, 170), (240, 220), (180, 180)], fill="#263238")
    for drop in range(5):
        draw.ellipse((230 + drop * 9, 230 + drop * 22, 242 + drop * 9, 246 + drop * 22), fill="#29B6F6")
    return image


def document() -> Image.Image:
    image = Image.new("RGB", SIZE, "#ECEFF1")
    draw = ImageDraw.Draw(image)
    draw.rectangle((90, 20, 390, 340), fill="#FFFFFF", outline="#90A4AE", width=3)
    font = ImageFont.truetype(str(fontpkg_sarabun.ROOT / "files" / "Sarabun-Bold.ttf"), 30)
    draw.text((240, 60), "บัตรสวัสดิการแห่งรัฐ", font=font, fill="#1E3A5F", anchor="mm")
    for row in range(6):
        draw.rectangle((120, 110 + row * 36, 360 - (row % 3) * 40, 122 + row * 36), fill="#CFD8DC")
    draw.ellipse((290, 260, 350, 320), outline="#D32F2F", width=4)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    house().save(OUT / "house.jpg", quality=70, optimize=True)
    roof().save(OUT / "roof.jpg", quality=70, optimize=True)
    paper = document().convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    paper.save(OUT / "document.png", optimize=True)


if __name__ == "__main__":
    main()

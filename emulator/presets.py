"""What the chat page offers in its pickers: bundled sample photos and preset locations."""

from __future__ import annotations

from typing import Any

# Files under emulator/static/samples/ (drawn by scripts/sample_photos.py), with their Thai captions.
SAMPLE_PHOTOS = (
    ("house.jpg", "บ้าน"),
    ("roof.jpg", "หลังคารั่ว"),
    ("document.png", "เอกสาร"),
)

# Points in อำเภอเมืองพิษณุโลก (district 6501), the demo's district; the demo puts two points of its own
# first: at a generated house, and 1.5 km from it (the visit asks to confirm a far location).
DEFAULT_LOCATIONS: tuple[dict[str, Any], ...] = (
    {"title": "ศาลากลางจังหวัดพิษณุโลก", "address": "ต.ในเมือง อ.เมืองพิษณุโลก",
     "latitude": 16.8211, "longitude": 100.2659},
    {"title": "วัดพระศรีรัตนมหาธาตุ", "address": "ต.ในเมือง อ.เมืองพิษณุโลก",
     "latitude": 16.8246, "longitude": 100.2597},
    {"title": "ตลาดบ้านคลอง", "address": "ต.บ้านคลอง อ.เมืองพิษณุโลก",
     "latitude": 16.8053, "longitude": 100.2468},
    {"title": "ต.อรัญญิก", "address": "ต.อรัญญิก อ.เมืองพิษณุโลก",
     "latitude": 16.8139, "longitude": 100.2861},
)


def sample_photos() -> list[dict[str, str]]:
    return [{"url": f"/static/samples/{name}", "label": label} for name, label in SAMPLE_PHOTOS]

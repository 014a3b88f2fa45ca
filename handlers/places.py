"""Area names as Thai people say them: จังหวัด/อำเภอ/ตำบล (เขต/แขวง in Bangkok)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Area
from models.vocabulary import AreaLevel

BANGKOK = "10"


def area_title(area: Area) -> str:
    bangkok = area.code.startswith(BANGKOK)
    if area.level is AreaLevel.PROVINCE:
        return area.name_th if bangkok else f"จังหวัด{area.name_th}"
    if area.level is AreaLevel.DISTRICT:
        return area.name_th if area.name_th.startswith("เขต") else f"อำเภอ{area.name_th}"
    return f"แขวง{area.name_th}" if bangkok else f"ตำบล{area.name_th}"


def area_title_of(session: Session, code: str | None) -> str:
    area = session.get(Area, code) if code else None
    return area_title(area) if area else (code or "-")

"""The dashboard's JSON and files for one viewer: every area, metric, page and household checked
against the viewer's scope before a query runs. Imported on first use: an acknowledging web process
never loads the registry or the language layer."""

from __future__ import annotations

import io
from typing import Any

from flask import abort
from sqlalchemy.orm import Session

from bot.services import Services
from bot.web.dashboard import charts
from bot.web.dashboard.auth import Viewer
from models.audit import record
from registry.dashboard import aggregates, areas, listing, metrics, view
from registry.dashboard.metrics import Moment
from registry.exporter import ExportRequest, export_table
from registry.writers import write_rows


def area_of(session: Session, viewer: Viewer, code: str | None) -> areas.Place:
    """The area asked for (the viewer's own scope by default); 404 outside the scope or unknown."""
    code = code or viewer.scope
    found = areas.place(session, code) if areas.inside(viewer.scope, code) else None
    if found is None:
        abort(404, description="no such area in your scope")
    return found


def overview(services: Services, session: Session, viewer: Viewer, code: str | None) -> dict[str, Any]:
    place = area_of(session, viewer, code)
    figures = view.build(session, aggregates, viewer.scope, place, Moment(services.now()))
    figures["charts"] = {"levels": charts.level_bars(figures["levels"]),
                         "movement": charts.movement_columns(figures["movement"])}
    figures["viewer"] = {"name": viewer.name, "role": viewer.role.label_th, "scope": viewer.scope}
    return figures


def metric_of(services: Services, key: str) -> metrics.Metric:
    metric = metrics.parse(key, Moment(services.now()))
    if metric is None:
        abort(404, description="no such number")
    return metric


def households(services: Services, session: Session, viewer: Viewer, code: str | None, key: str,
               page: str) -> dict[str, Any]:
    place = area_of(session, viewer, code)
    number = int(page) if page.isascii() and page.isdigit() and len(page) <= 5 else 0
    if not 1 <= number <= listing.MAX_PAGE:
        abort(404, description="no such page")
    result = listing.household_page(session, services.protector, place.code, metric_of(services, key), number)
    return {**result, "area": place.as_json()}


def household(services: Services, session: Session, viewer: Viewer, household_id: str) -> dict[str, Any]:
    found = (listing.household_detail(session, services.protector, viewer.scope, int(household_id))
             if household_id.isascii() and household_id.isdigit() and len(household_id) <= 12 else None)
    if found is None:
        abort(404, description="no such household in your scope")
    return found


def export(services: Services, viewer: Viewer, code: str | None, key: str, fmt: str) -> tuple[bytes, str]:
    """The households behind a number in the exporter's household format (IDs masked), audited."""
    if fmt not in ("csv", "xlsx"):
        abort(404, description="format must be csv or xlsx")
    with services.sessions() as session:
        place = area_of(session, viewer, code)
        metric = metric_of(services, key)
        only = metrics.households_of(metric, areas.households_in(place.code))
        table = export_table(session, services.protector,
                             ExportRequest("households", place.code[:6], only=only))
        buffer = io.BytesIO()
        count = write_rows(buffer, table.headers, table.rows, fmt, "households")
    with services.sessions.begin() as session:
        record(session, f"user:{viewer.user_id}", "export", "export", f"dashboard:{place.code}",
               {"kind": "households", "area": place.code, "metric": key, "format": fmt, "with_ids": False,
                "rows": count})
    return buffer.getvalue(), f"households-{place.code}.{fmt}"

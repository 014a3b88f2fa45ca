"""What supervisors export per area: visits, problems, assistance, households (one row per person)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, aliased

from models import Area, Assistance, Household, Indicator, Person, Problem, User, Village, Visit
from models.protection import DataProtector, mask_national_id, open_national_id
from models.scope import in_scope
from nlp.formatting import BANGKOK
from registry.columns import THAI_HEADER

KINDS = ("visits", "problems", "assistance", "households")
PLACE_HEADERS = ["รหัสประจำบ้าน", "บ้านเลขที่", "หมู่ที่", "ชื่อหมู่บ้าน", "ตำบล"]
HOUSEHOLD_EXPORT = ("house_code", "house_no", "village", "village_name", "national_id", "title",
                    "first_name", "last_name", "birth_date", "sex", "relation_to_head", "welfare_card",
                    "elderly", "disabled", "bedridden", "chronic_illness", "source", "source_year",
                    "lat", "lng")
STREAM_ROWS = 2000


@dataclass(frozen=True)
class ExportRequest:
    kind: str
    area: str
    since: date | None = None
    with_ids: bool = False
    only: ColumnElement[bool] | None = None  # a further condition on the households (a dashboard number's)


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: Iterator[list[Any]]


def export_table(session: Session, protector: DataProtector, request: ExportRequest) -> Table:
    """The headers and a stream of rows (Python values; the writer formats them)."""
    build = _BUILDERS[request.kind]
    headers, query, shape = build(request)
    national_id = _id_reader(protector, request.with_ids)
    stream = session.execute(query.execution_options(yield_per=STREAM_ROWS))
    return Table(headers, (shape(row, national_id) for row in stream))


def _id_reader(protector: DataProtector, with_ids: bool) -> Callable[[Any, bytes | None], str]:
    def read(person_id: Any, cipher: bytes | None) -> str:
        if cipher is None:
            return ""
        number = open_national_id(protector, person_id, cipher)
        return number if with_ids else mask_national_id(number)
    return read


def _since(request: ExportRequest, column: Any) -> list[ColumnElement[bool]]:
    if request.since is None:
        return []
    if column.type.python_type is datetime:
        return [column >= datetime.combine(request.since, time(), BANGKOK)]
    return [column >= request.since]


def _place(query: Select[*tuple[Any, ...]], request: ExportRequest) -> Select[Any]:
    """Joins the household's village and subdistrict and keeps only households in the area."""
    subdistrict = aliased(Area)
    return (query.join(Village, Village.code == Household.village_code)
            .join(subdistrict, subdistrict.code == Household.subdistrict_code)
            .add_columns(Household.house_code, Household.house_no, Village.moo, Village.name_th,
                         subdistrict.name_th.label("subdistrict_name"))
            .where(in_scope(request.area), *([] if request.only is None else [request.only])))


def _place_cells(row: Any) -> list[Any]:
    return [row.house_code, row.house_no, row.moo, row.name_th, row.subdistrict_name]


def _visits(request: ExportRequest) -> tuple[list[str], Select[Any], Callable[..., list[Any]]]:
    headers = ["เลขที่รายงาน", "วันที่เยี่ยม", *PLACE_HEADERS, "ผู้เยี่ยม", "ระดับการพัฒนา", "นัดติดตาม",
               "เร่งด่วน", "ยินยอม", "ละติจูด", "ลองจิจูด", "บันทึก"]
    query = _place(select(Visit, User.display_name).join(Household, Household.id == Visit.household_id)
                   .outerjoin(User, User.id == Visit.officer_id), request)
    query = query.where(*_since(request, Visit.visited_on)).order_by(Visit.visited_on, Visit.id)

    def shape(row: Any, _national_id: Any) -> list[Any]:
        visit = row.Visit
        return [visit.reference, visit.visited_on, *_place_cells(row), row.display_name, visit.level_assessed,
                visit.follow_up_on, visit.urgent, visit.consent, visit.lat, visit.lng, visit.notes]
    return headers, query, shape


def _problems(request: ExportRequest) -> tuple[list[str], Select[Any], Callable[..., list[Any]]]:
    headers = [*PLACE_HEADERS, "ชื่อ-นามสกุล", "เลขประจำตัวประชาชน", "มิติ", "ตัวชี้วัด", "รายละเอียด", "สถานะ",
               "วันที่พบปัญหา", "วันที่แก้ไขแล้ว"]
    query = _place(select(Problem, Person.id.label("person_id"), Person.title, Person.first_name,
                          Person.last_name, Person.national_id_cipher, Indicator.number, Indicator.text_th)
                   .join(Household, Household.id == Problem.household_id)
                   .outerjoin(Person, Person.id == Problem.person_id)
                   .outerjoin(Indicator, Indicator.id == Problem.indicator_id), request)
    query = query.where(*_since(request, Problem.identified_at)).order_by(Household.house_code, Problem.id)

    def shape(row: Any, national_id: Callable[[Any, bytes | None], str]) -> list[Any]:
        problem = row.Problem
        name = f"{row.title or ''}{row.first_name} {row.last_name}" if row.first_name else ""
        indicator = f"{row.number}. {row.text_th}" if row.number else ""
        return [*_place_cells(row), name, national_id(row.person_id, row.national_id_cipher),
                problem.dimension, indicator, problem.detail, problem.status, problem.identified_at,
                problem.resolved_at]
    return headers, query, shape


def _assistance(request: ExportRequest) -> tuple[list[str], Select[Any], Callable[..., list[Any]]]:
    headers = [*PLACE_HEADERS, "มิติ", "ประเภทความช่วยเหลือ", "หน่วยงาน", "รายละเอียด", "จำนวนเงิน (บาท)", "จำนวน",
               "วันที่ได้รับ"]
    query = _place(select(Assistance, Problem.dimension)
                   .join(Household, Household.id == Assistance.household_id)
                   .outerjoin(Problem, Problem.id == Assistance.problem_id), request)
    query = query.where(*_since(request, Assistance.given_on)).order_by(Assistance.given_on, Assistance.id)

    def shape(row: Any, _national_id: Any) -> list[Any]:
        given = row.Assistance
        return [*_place_cells(row), row.dimension, given.type, given.agency, given.detail, given.amount,
                given.quantity, given.given_on]
    return headers, query, shape


def _households(request: ExportRequest) -> tuple[list[str], Select[Any], Callable[..., list[Any]]]:
    """In the import format (Thai headers), so a file exported --with-ids imports back unchanged."""
    headers = [THAI_HEADER[name] for name in HOUSEHOLD_EXPORT]
    query = _place(select(Person, Household.village_code, Household.source, Household.source_year,
                          Household.lat, Household.lng).join(Household, Household.id == Person.household_id),
                   request)
    query = query.where(*_since(request, Household.updated_at)).order_by(
        Household.house_code, Household.id, Person.is_head.desc(), Person.birth_date, Person.id)

    def shape(row: Any, national_id: Callable[[Any, bytes | None], str]) -> list[Any]:
        person = row.Person
        return [row.house_code, row.house_no, row.village_code, row.name_th,
                national_id(person.id, person.national_id_cipher), person.title, person.first_name,
                person.last_name, person.birth_date, person.sex, person.relation, person.welfare_card,
                person.elderly, person.disabled, person.bedridden, person.chronic_illness, row.source,
                row.source_year, row.lat, row.lng]
    return headers, query, shape


_BUILDERS = {"visits": _visits, "problems": _problems, "assistance": _assistance, "households": _households}

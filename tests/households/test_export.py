"""export visits|problems|assistance|households: BOM CSV, XLSX with Thai headers and dates, masking, scope."""

from __future__ import annotations

import csv
import re
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from models import Assistance, AuditLog, Household, Visit
from models.protection import mask_national_id
from tests.households.helpers import ENGLISH_HEADER, english_row, national_id, run, write_csv

HEAD, SPOUSE, FAR = (national_id(body) for body in ("110170020345", "310050123456", "350010987654"))
NEAR_CODE, FAR_CODE = "65010012345", "65020012345"
HOUSEHOLD_HEADERS = ["รหัสประจำบ้าน", "บ้านเลขที่", "รหัสหมู่บ้าน", "ชื่อหมู่บ้าน", "เลขประจำตัวประชาชน", "คำนำหน้า",
                     "ชื่อ", "นามสกุล", "วันเกิด", "เพศ"]
THAI_DATETIME = re.compile(r"^\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d น\.$")


@pytest.fixture
def imported(app, tmp_path):
    rows = [ENGLISH_HEADER,
            english_row(NEAR_CODE, "สมชาย", HEAD, title="นาย", relation_to_head="head",
                        birth_date="12/05/2510", indicators="22"),
            english_row(NEAR_CODE, "สมศรี", SPOUSE, title="นาง", relation_to_head="spouse"),
            english_row(FAR_CODE, "มานะ", FAR, village="65020101", village_name="บ้านไกล", indicators="8")]
    result = run(app, "households", "import", str(write_csv(tmp_path / "list.csv", rows)))
    assert "accepted: 3; rejected: 0" in result.stdout, result.output


def _export(app, tmp_path, kind, area, *options, name="out.csv"):
    output = tmp_path / name
    result = run(app, "export", kind, "--area", area, "--output", str(output), "--actor", "cli:tester",
                 *options)
    assert result.exit_code == 0, result.output
    return output, result


def _csv(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _audit(rt):
    with rt.sessions() as session:
        return session.scalars(select(AuditLog).where(AuditLog.object_type == "export")).all()


def test_csv_has_a_bom_thai_headers_and_masked_ids(app, rt, tmp_path, imported):
    output, result = _export(app, tmp_path, "households", "6501")
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, *rows = _csv(output)
    assert header[:10] == HOUSEHOLD_HEADERS
    assert "2 rows written" in result.stdout
    assert [(row[0], row[6], row[4]) for row in rows] == [
        (NEAR_CODE, "สมชาย", mask_national_id(HEAD)), (NEAR_CODE, "สมศรี", mask_national_id(SPOUSE))]
    assert rows[0][8] == "12 พ.ค. 2510"
    for number in (HEAD, SPOUSE, FAR):
        assert number.encode() not in raw
    [entry] = _audit(rt)
    assert (entry.actor, entry.action, entry.object_id) == ("cli:tester", "export", "households:6501")
    assert entry.changes["with_ids"] is False


def test_with_ids_writes_full_ids_and_is_audited(app, rt, tmp_path, imported):
    output, _ = _export(app, tmp_path, "households", "6501", "--with-ids")
    assert [row[4] for row in _csv(output)[1:]] == [HEAD, SPOUSE]
    [entry] = _audit(rt)
    assert (entry.actor, entry.action, entry.object_id) == ("cli:tester", "export_ids", "households:6501")
    assert entry.changes == {"kind": "households", "area": "6501", "since": None, "format": "csv",
                             "with_ids": True, "rows": 2}
    assert HEAD not in str(entry.changes) and HEAD not in entry.object_id


def test_a_households_export_with_ids_imports_back_unchanged(app, tmp_path, imported):
    output, _ = _export(app, tmp_path, "households", "65", "--with-ids")
    again = run(app, "households", "import", str(output))
    assert "rows read: 3; accepted: 3; rejected: 0" in again.stdout, again.output
    assert "households: 0 added, 0 updated, 2 unchanged" in again.stdout
    assert "persons: 0 added, 0 updated, 3 unchanged" in again.stdout


def test_xlsx_reads_back_with_thai_headers_and_thai_dates(app, tmp_path, imported):
    output, _ = _export(app, tmp_path, "households", "6501", "--format", "xlsx", name="out.xlsx")
    sheet = openpyxl.load_workbook(output).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:10] == HOUSEHOLD_HEADERS
    assert rows[0][4] == mask_national_id(HEAD) and rows[0][8] == "12 พ.ค. 2510"
    assert (rows[0][9], rows[1][9]) == ("ชาย", "หญิง")

    problems, _ = _export(app, tmp_path, "problems", "6501", name="problems.xlsx")
    header, *rows = [list(row) for row in openpyxl.load_workbook(problems).active.iter_rows(values_only=True)]
    assert header[5:8] == ["ชื่อ-นามสกุล", "เลขประจำตัวประชาชน", "มิติ"] and header[-2] == "วันที่พบปัญหา"
    assert len(rows) == 1 and rows[0][0] == NEAR_CODE and rows[0][7] == "รายได้"
    assert rows[0][8].startswith("22. ") and THAI_DATETIME.match(rows[0][-2])


@pytest.mark.parametrize(("area", "codes"), [
    ("65", {NEAR_CODE, FAR_CODE}), ("6501", {NEAR_CODE}), ("650101", {NEAR_CODE}), ("6502", {FAR_CODE}),
    ("650201", {FAR_CODE}), ("6503", set()), ("10", set()),
])
def test_only_households_of_the_area_are_exported(app, tmp_path, imported, area, codes):
    for kind in ("households", "problems"):
        output, _ = _export(app, tmp_path, kind, area, name=f"{kind}.csv")
        assert {row[0] for row in _csv(output)[1:]} == codes


def test_assistance_and_visits_are_exported_by_area_and_since(app, rt, tmp_path, imported):
    run(app, "households", "generate", "--households", "40", "--area", "6501", "--seed", "5")
    with rt.sessions.begin() as session:
        given = session.scalar(select(func.count()).select_from(Assistance))
        near, far = (session.scalar(select(Household.id).where(Household.house_code == code))
                     for code in (NEAR_CODE, FAR_CODE))
        for number, (household_id, day) in enumerate([(near, date(2026, 9, 30)), (near, date(2026, 10, 2)),
                                                      (far, date(2026, 10, 3))]):
            session.add(Visit(reference=f"VR-2569-{number:06d}", submission_key=f"k{number}",
                              household_id=household_id, visited_on=day, notes="ไปเยี่ยม"))
    assert given > 0
    output, result = _export(app, tmp_path, "assistance", "6501", name="assistance.csv")
    assert len(_csv(output)) - 1 == given and f"{given} rows written" in result.stdout
    assert _csv(_export(app, tmp_path, "assistance", "6503", name="none.csv")[0])[1:] == []
    visits, _ = _export(app, tmp_path, "visits", "6501", "--since", "1 ต.ค. 2569", name="visits.csv")
    header, *rows = _csv(visits)
    assert header[:2] == ["เลขที่รายงาน", "วันที่เยี่ยม"]
    assert [(row[0], row[1]) for row in rows] == [("VR-2569-000001", "2 ต.ค. 2569")]


def test_an_unknown_area_or_date_is_refused(app, tmp_path):
    for options in (("--area", "9999"), ("--area", "6501", "--since", "no date")):
        result = app.test_cli_runner().invoke(args=["export", "visits", *options, "--output",
                                                    str(tmp_path / "x.csv")])
        assert result.exit_code == 1 and not (tmp_path / "x.csv").exists()

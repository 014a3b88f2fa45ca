"""households import: messy files, the exact error report, idempotent re-import, XLSX, dry run."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
from sqlalchemy import func, select

from models import AuditLog, Household, Person, Problem, Village
from models.protection import open_national_id
from models.vocabulary import Dimension, HouseholdSource, Relation, Sex
from tests.households.helpers import (
    ENGLISH_HEADER,
    english_row,
    national_id,
    run,
    write_csv,
    wrong_check_digit,
)

HEAD, SPOUSE, CHILD, OTHER = (national_id(body) for body in
                              ("110170020345", "310050123456", "155001123456", "350010987654"))
THAI_HEADER = ("รหัสประจำบ้าน,บ้านเลขที่,รหัสหมู่บ้าน,ชื่อหมู่บ้าน,เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,"
               "วันเกิด,เพศ,ความสัมพันธ์,บัตรสวัสดิการ,ผู้พิการ,แหล่งข้อมูล,ปีข้อมูล,ตัวชี้วัดที่ไม่ผ่าน")
MESSY = [
    THAI_HEADER,
    f"65010012345,12,65010101,บ้านสวน,{HEAD[:1]}-{HEAD[1:5]}-{HEAD[5:10]}-{HEAD[10:12]}-{HEAD[12]},นาย,สมชาย,"
    'ใจดี,12/05/2510,ชาย,หัวหน้าครัวเรือน,มี,,จปฐ.,2566,"8, 22"',
    f"65010012345,12,65010101,บ้านสวน,{SPOUSE},,นางสมศรี,ใจดี,3 มีนาคม 2515,,ภรรยา,ไม่มี,,จปฐ.,2566,",
    f"65010012345,12,65010101,บ้านสวน,{wrong_check_digit(CHILD)},เด็กชาย,ก้อง,ใจดี,1/6/2555,ชาย,บุตร,,,จปฐ.,2566,",
    f"65010012345,12,65010101,บ้านสวน,{CHILD},เด็กชาย,ก้อง,ใจดี,31/02/2555,ชาย,บุตร,,,จปฐ.,2566,",
    f"65010012345,12,65010101,บ้านสวน,{HEAD},นาย,สมชาย,ใจดี,12/05/2510,ชาย,หัวหน้าครัวเรือน,มี,,จปฐ.,2566,",
    "",
    f"65010012346,5,65010101,บ้านสวน,{OTHER},,นายมา,มาก,1947-01-01,,หัวหน้า,,ใช่,bmn,2023,",
    "6501001234,7,65010101,บ้านสวน,,,นายดำ,ดี,1960-01-01,,หัวหน้า,,,bmn,2566,",
    "65010012347,7,99999901,บ้านไกล,,,นายแดง,ดี,1960-01-01,,หัวหน้า,,,bmn,2566,",
    "65010012346,6,65010101,บ้านสวน,,,นางมี,มาก,1950-01-01,หญิง,ภรรยา,,,bmn,2566,",
    "65010012348,9,65010101,บ้านสวน,,,นายขาว,ดี,1/1/2600,,หัวหน้า,,,bmn,2566,3",
    "65010012349,10,65010101,บ้านสวน,,,นายเขียว,ดี,1/1/2500,X,หัวหน้า,,,bmn,2566,",
]
EXPECTED_ERRORS = [
    ["4", "เลขประจำตัวประชาชน", "เลขประจำตัวประชาชนไม่ถูกต้อง (หลักสุดท้ายไม่ตรงกับเลขตรวจสอบ)"],
    ["5", "วันเกิด", "วันเกิดไม่ถูกต้อง (ไม่มีวันที่นี้จริงหรืออ่านไม่ออก)"],
    ["6", "", "เลขประจำตัวประชาชนซ้ำกับบรรทัดที่ 2"],
    ["9", "รหัสประจำบ้าน", "รหัสประจำบ้านต้องเป็นตัวเลข 11 หลัก"],
    ["10", "รหัสหมู่บ้าน", "ไม่พบตำบลรหัส 999999 ในทะเบียนพื้นที่"],
    ["11", "", "บ้านเลขที่หรือหมู่บ้านไม่ตรงกับบรรทัดที่ 8 ซึ่งมีรหัสประจำบ้านเดียวกัน"],
    ["12", "วันเกิด", "วันเกิดอยู่ในอนาคต"],
    ["12", "ตัวชี้วัดที่ไม่ผ่าน", "ไม่มีตัวชี้วัดข้อ 3 ในเกณฑ์ จปฐ."],
    ["13", "เพศ", "ไม่รู้จักเพศ 'X'"],
]


def _report(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_a_messy_thai_file_imports_its_good_rows_and_reports_the_bad_ones(app, rt, tmp_path):
    source = write_csv(tmp_path / "province.csv", MESSY)
    result = run(app, "households", "import", str(source))
    assert result.exit_code == 0, result.output
    report = _report(tmp_path / "province.errors.csv")
    assert report[0] == ["บรรทัด (line)", "คอลัมน์ (column)", "สาเหตุ (reason)"]
    assert report[1:] == EXPECTED_ERRORS
    assert "rows read: 11; accepted: 3; rejected: 8" in result.stdout
    assert "households: 2 added, 0 updated, 0 unchanged" in result.stdout
    assert "persons: 3 added, 0 updated, 0 unchanged" in result.stdout
    assert "line 4: เลขประจำตัวประชาชน" in result.stdout
    with rt.sessions() as session:
        people = {p.first_name: p for p in session.scalars(select(Person))}
        assert set(people) == {"สมชาย", "สมศรี", "มา"}
        head, spouse, other = people["สมชาย"], people["สมศรี"], people["มา"]
        assert (head.title, head.birth_date, head.sex, head.relation, head.is_head, head.welfare_card) == (
            "นาย", date(1967, 5, 12), Sex.MALE, Relation.HEAD, True, True)
        assert (spouse.title, spouse.birth_date, spouse.sex, spouse.relation) == (
            "นาง", date(1972, 3, 3), Sex.FEMALE, Relation.SPOUSE)
        assert other.elderly and other.disabled and not head.elderly
        assert open_national_id(rt.protector, head.id, head.national_id_cipher) == HEAD
        household = session.scalar(select(Household).where(Household.house_code == "65010012345"))
        assert (household.source, household.source_year) == (HouseholdSource.BMN, 2566)
        assert (household.province_code, household.district_code) == ("65", "6501")
        problems = session.scalars(select(Problem.dimension).where(Problem.household_id == household.id))
        assert sorted(problems) == [Dimension.INCOME, Dimension.LIVING]
        assert session.get(Village, "65010101").name_th == "บ้านสวน"


def test_importing_the_same_file_again_changes_nothing(app, rt, tmp_path):
    source = write_csv(tmp_path / "province.csv", MESSY)
    run(app, "households", "import", str(source))
    with rt.sessions() as session:
        audit_rows = session.scalar(select(func.count()).select_from(AuditLog))
    again = run(app, "households", "import", str(source))
    assert "households: 0 added, 0 updated, 2 unchanged" in again.stdout
    assert "persons: 0 added, 0 updated, 3 unchanged" in again.stdout
    assert "problems added: 0; villages added: 0" in again.stdout
    with rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditLog)) == audit_rows
        assert session.scalar(select(func.count()).select_from(Person)) == 3


def test_a_changed_row_updates_only_that_person_and_is_audited(app, rt, tmp_path):
    rows = [ENGLISH_HEADER, english_row("65010012345", "สมชาย", HEAD, relation_to_head="head"),
            english_row("65010012345", "สมศรี", SPOUSE)]
    run(app, "households", "import", str(write_csv(tmp_path / "a.csv", rows)))
    rows[2] = english_row("65010012345", "สมศรี", SPOUSE, birth_date="1975-02-03", disabled="1")
    result = run(app, "households", "import", str(write_csv(tmp_path / "a.csv", rows)))
    assert "persons: 0 added, 1 updated, 1 unchanged" in result.stdout
    with rt.sessions() as session:
        update = session.scalars(select(AuditLog).where(AuditLog.action == "update")).one()
        spouse = session.scalar(select(Person).where(Person.first_name == "สมศรี"))
    assert update.object_type == "person" and update.object_id == str(spouse.id)
    assert update.changes == {"birth_date": "<changed>", "disabled": "<changed>"}
    assert (spouse.birth_date, spouse.disabled) == (date(1975, 2, 3), True)


def test_a_tis620_file_with_english_headers_and_semicolons(app, rt, tmp_path):
    rows = [ENGLISH_HEADER, english_row("65010012345", "นายสมชาย", HEAD, birth_date="12 พ.ค. 2510",
                                        dimensions="สุขภาพ/income", indicators="22")]
    source = write_csv(tmp_path / "cp874.csv", [row.replace(",", ";") for row in rows], encoding="cp874")
    result = run(app, "households", "import", str(source))
    assert "accepted: 1; rejected: 0" in result.stdout, result.output
    with rt.sessions() as session:
        person = session.scalars(select(Person)).one()
        dimensions = sorted(session.scalars(select(Problem.dimension)))
    assert (person.title, person.first_name, person.birth_date) == ("นาย", "สมชาย", date(1967, 5, 12))
    assert dimensions == [Dimension.HEALTH, Dimension.INCOME]
    assert not (tmp_path / "cp874.errors.csv").exists()


def test_an_xlsx_file_with_numbers_and_date_cells(app, rt, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["รหัสบ้าน", "เลขที่บ้าน", "รหัสตำบล", "หมู่ที่", "เลขบัตรประชาชน", "ชื่อ-นามสกุล", "วันเดือนปีเกิด",
                  "แหล่งข้อมูล"])
    sheet.append([65010012345, "3/1", "650101", "หมู่ 4", int(HEAD), "นางสาวมาลี ศรีสุข",
                  date(1990, 4, 1), "tpmap"])
    sheet.append([65010012345, "3/1", "650101", "หมู่ 4", wrong_check_digit(SPOUSE), "นายมานะ ศรีสุข",
                  date(1991, 4, 1), "tpmap"])
    book.save(tmp_path / "list.xlsx")
    result = run(app, "households", "import", str(tmp_path / "list.xlsx"))
    assert "accepted: 1; rejected: 1" in result.stdout
    assert _report(tmp_path / "list.errors.csv")[1][:2] == ["3", "เลขบัตรประชาชน"]
    with rt.sessions() as session:
        person = session.scalars(select(Person)).one()
        household = session.scalars(select(Household)).one()
    assert (person.title, person.first_name, person.last_name) == ("นางสาว", "มาลี", "ศรีสุข")
    assert person.sex == Sex.FEMALE
    assert (household.house_no, household.village_code) == ("3/1", "65010104")


def test_dry_run_validates_without_writing(app, rt, tmp_path):
    result = run(app, "households", "import", "--dry-run", str(write_csv(tmp_path / "p.csv", MESSY)))
    assert "dry run: nothing written" in result.stdout
    assert "accepted: 3; rejected: 8" in result.stdout
    assert len(_report(tmp_path / "p.errors.csv")) == 1 + len(EXPECTED_ERRORS)
    with rt.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Household)) == 0


def test_missing_columns_stop_the_import(app, tmp_path):
    source = write_csv(tmp_path / "bad.csv", ["house_code,first_name", "65010012345,สมชาย"])
    result = app.test_cli_runner().invoke(args=["households", "import", str(source)])
    assert result.exit_code == 1
    assert "missing columns: house_no, village" in result.output


def test_source_option_fills_empty_source_cells(app, rt, tmp_path):
    rows = [ENGLISH_HEADER, english_row("65010012345", "สมชาย", HEAD, source="")]
    first = run(app, "households", "import", str(write_csv(tmp_path / "a.csv", rows)))
    assert "rejected: 1" in first.stdout
    assert _report(tmp_path / "a.errors.csv")[1] == [
        "2", "source", "ไม่ระบุแหล่งข้อมูล (tpmap, bmn, welfare_card, field_added)"]
    second = run(app, "households", "import", "--source", "field_added", str(tmp_path / "a.csv"))
    assert "households: 1 added" in second.stdout
    assert not (tmp_path / "a.errors.csv").exists()
    with rt.sessions() as session:
        assert session.scalars(select(Household.source)).one() == HouseholdSource.FIELD_ADDED

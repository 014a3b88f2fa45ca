"""How an old problem stands now, as officers type it at the follow-up question."""

import pytest

from models.vocabulary import ProblemStatus
from nlp import PROBLEM_STATUSES, parse_problem_status
from nlp.resources import read_yaml

PHRASINGS = {
    "open": ["ยังไม่ได้", "ยังไม่ได้รับค่ะ", "ยังไม่มีใครมาช่วยเลย", "ยังเลยค่ะ", "ยังไม่ได้ส่งต่อ"],
    "in_progress": ["กำลังดำเนินการ", "รอผลอยู่ค่ะ", "อบต.กำลังทำเรื่องให้", "ยื่นเอกสารแล้ว รออนุมัติ"],
    "referred": ["ส่งต่อ", "ส่งต่อ รพ.สต. แล้ว", "ส่งเรื่องให้อำเภอแล้ว", "ประสาน พมจ. แล้วค่ะ"],
    "helped": ["ได้รับแล้ว", "ช่วยแล้ว", "ได้รับถุงยังชีพแล้ว", "ได้เงินแล้วค่ะ", "ซ่อมหลังคาเสร็จแล้ว",
               "ได้รับความช่วยเหลือแล้ว"],
    "self_resolved": ["แก้เองได้แล้ว", "ลูกส่งเงินมาช่วยแล้ว แก้ได้เอง", "จัดการเองได้", "แก้ไขได้ด้วยตนเอง"],
    "unresolvable": ["แก้ไม่ได้", "ช่วยอะไรไม่ได้แล้ว", "ยายเสียชีวิตแล้ว", "ย้ายไปอยู่กรุงเทพแล้ว",
                     "ไม่สามารถแก้ไขได้"],
}
CASES = [(text, status) for status, texts in PHRASINGS.items() for text in texts]


@pytest.mark.parametrize(("text", "status"), CASES)
def test_status_phrasings(text: str, status: str) -> None:
    assert parse_problem_status(text) == status


@pytest.mark.parametrize("text", ["", "อืม", "สวัสดีค่ะ", "12/11/2569", "ได้รับแล้ว " * 40])
def test_nothing_to_read(text: str) -> None:
    assert parse_problem_status(text) is None


def test_every_status_is_a_problem_status_and_every_label_reads_as_itself() -> None:
    codes = {status.value for status in ProblemStatus}
    assert set(read_yaml("problem_statuses.yaml")) == set(PROBLEM_STATUSES) == codes
    assert all(parse_problem_status(status.label_th) == status.value for status in ProblemStatus)

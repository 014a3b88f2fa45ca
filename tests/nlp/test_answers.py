"""Yes/no answers and the forgiving choice matcher the dialogs use."""

import pytest

from nlp import match_choice, parse_yes_no

YES = [
    "ใช่แล้วค่ะ",
    "ได้ค่ะ ไม่มีปัญหา",
    "ใช่ค่ะ",
    "ใช่แล้วครับ",
    "ใช่ๆ",
    "ช่าย",
    "ได้ครับ",
    "ได้ค่ะ",
    "ได้เลย",
    "ได้เลยค่ะ",
    "มีค่ะ",
    "มีครับ",
    "มี 2 คน",
    "โอเคค่ะ",
    "ok",
    "OK ครับ",
    "ตกลง",
    "ยินยอม",
    "ยินยอมค่ะ",
    "ถูกต้อง",
    "ถูกต้องค่ะ",
    "เคย",
    "ครับ",
    "ค่ะ",
    "จ้า",
    "เอา",
    "yes",
    "👍",
    "แม่นแล้ว",
    "เจ้า",
    "ใช่ครับ บ้านนี้แหละ",
    "มีครับ ยายกับหลาน",
    "ใช้ครับ",
    "ใช้ค่ะ",
    "ใช้แล้วค่ะ",
]
NO = [
    "ไม่มีครับ",
    "ไม่ได้รับค่ะ",
    "ยังไม่เคยค่ะ",
    "ไม่ค่ะ",
    "ไม่ครับ",
    "ไม่ใช่ค่ะ",
    "ไม่ใช่",
    "ไม่มีค่ะ",
    "ไม่มีครับ",
    "ไม่ได้",
    "ไม่ได้ค่ะ",
    "ไม่เคย",
    "ไม่เอา",
    "ไม่ยินยอม",
    "no",
    "บ่",
    "บ่มี",
    "ยังไม่มี",
    "ยังค่ะ",
    "ไม่ต้อง",
    "ผิด",
    "👎",
    "ไม่มีเลย",
    "ยังไม่ได้รับ",
    "ไม่มีครับ อยู่คนเดียว",
    "ไม่ใช้ครับ",
]
# "ใช้" typed for "ใช่" is forgiven alone, but followed by more it is the verb "use".
UNCLEAR = ["ไม่แน่ใจ", "ไม่รู้", "ไม่ทราบค่ะ", "อาจจะ", "สวัสดี", "12/11/2569", "", "บ้านเลขที่ 5", "ใช้ไม่เป็น",
           "ใช้ไม่เป็นค่ะ", "ใช้โทรศัพท์ไม่คล่อง", "ใช้บัตรทองได้ไหม"]


@pytest.mark.parametrize("text", YES)
def test_yes(text: str) -> None:
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", NO)
def test_no(text: str) -> None:
    assert parse_yes_no(text) is False


@pytest.mark.parametrize("text", UNCLEAR)
def test_unclear(text: str) -> None:
    assert parse_yes_no(text) is None


STATUSES = {
    "open": ["ยังไม่ได้รับความช่วยเหลือ"],
    "in_progress": ["อยู่ระหว่างดำเนินการ"],
    "referred": ["ส่งต่อหน่วยงาน"],
    "helped": ["ได้รับความช่วยเหลือแล้ว"],
    "self_resolved": ["แก้ไขได้ด้วยตนเอง"],
    "unresolvable": ["ไม่สามารถแก้ไขได้"],
}
SEX = {"male": ["ชาย", "male", "m"], "female": ["หญิง", "female", "f"]}
LEVELS = {"survive": ["อยู่รอด"], "sufficient": ["อยู่พอเพียง", "พอเพียง"], "sustainable": ["อยู่อย่างยั่งยืน", "ยั่งยืน"]}
CHOICES = [
    ("ได้รับความช่วยเหลือแล้วครับ", STATUSES, "helped"),
    ("ส่งต่อ", STATUSES, "referred"),
    ("ระหว่างดำเนินการ", STATUSES, "in_progress"),
    ("ยังไม่ได้รับ", STATUSES, "open"),
    ("ไม่สามารถแก้ไข", STATUSES, "unresolvable"),
    ("helped", STATUSES, "helped"),
    ("2", STATUSES, "in_progress"),
    ("ส่งต่อหน่วยงานแล้วค่ะ", STATUSES, "referred"),
    ("อยูระหว่างดำเนินการ", STATUSES, "in_progress"),
    ("ชาย", SEX, "male"),
    ("ผู้ชาย", SEX, "male"),
    ("ผู้หญิงค่ะ", SEX, "female"),
    ("Female", SEX, "female"),
    ("M", SEX, "male"),
    ("หญง", SEX, "female"),
    ("อยู่รอด", LEVELS, "survive"),
    ("พอเพียงค่ะ", LEVELS, "sufficient"),
    ("ยั่งยืน", LEVELS, "sustainable"),
    ("อยู่อย่างยังยืน", LEVELS, "sustainable"),
    ("อยู่พอเพียง", LEVELS, "sufficient"),
]


@pytest.mark.parametrize(("text", "choices", "key"), CHOICES)
def test_choices(text: str, choices: dict[str, list[str]], key: str) -> None:
    assert match_choice(text, choices) == key


@pytest.mark.parametrize("text", ["สวัสดี", "x", "", "9", "อยู่"])
def test_nothing_close(text: str) -> None:
    assert match_choice(text, {**STATUSES, **SEX}) is None


def test_bad_choices_give_none() -> None:
    assert match_choice("ชาย", {}) is None
    assert match_choice("ชาย", None) is None  # type: ignore[arg-type]

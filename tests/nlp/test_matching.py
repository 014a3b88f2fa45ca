"""Word-boundary checks that stand in for segmenting long messages."""

import pytest

from nlp.dimensions import explain
from nlp.matching import inside_word, trie_regex
from nlp.text import normalize


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("ยายไม่สบาย", "ยา"),
        ("เรียบร้อยแล้ว", "ร้อย"),
        ("หลังคาเรือนนี้", "หลังคา"),
        ("สามีตกงาน", "สาม"),
        ("เมล็ดพันธุ์ผัก", "พัน"),
        ("เก้าอี้ตัวนี้", "เก้า"),
        ("สามารถทำได้", "สาม"),
        ("ยี่ห้อนี้", "ยี่"),
    ],
)
def test_a_piece_of_a_longer_word_is_inside_it(text: str, part: str) -> None:
    assert inside_word(text, *_span(text, part))


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("ยายป่วยเป็นเบาหวาน", "ป่วย"),
        ("ยายป่วยเป็นเบาหวาน", "เบาหวาน"),
        ("ลูกชายตกงาน", "ตกงาน"),
        ("ค่าเช่าสามพันห้าบาท", "สาม"),
        ("หลังคามีรู", "หลังคา"),
        ("ซื้อยาให้ยาย", "ยา"),
    ],
)
def test_a_word_of_its_own_is_not_inside_another(text: str, part: str) -> None:
    assert not inside_word(text, *_span(text, part))


def test_trie_regex_prefers_the_longest_key() -> None:
    pattern = trie_regex(["ป่วย", "ป่วยติดเตียง", "ติดเตียง"])
    assert [match[0] for match in pattern.finditer("ยายป่วยติดเตียงมานาน")] == ["ป่วยติดเตียง"]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("หลังคารัว บ้านผุ", ["หลังคารัว", "บ้านผุ"]),  # a missing tone mark is forgiven for longer terms
        ("ลูกเพิ่งคลอด", ["คลอด"]),  # "เพิ่ง" is a word of its own, not a misspelt "เพิง" (shack)
        ("บ้านนี้เรียบร้อยดี", ["บ้าน"]),
    ],
)
def test_explain_finds_terms_on_word_boundaries(text: str, terms: list[str]) -> None:
    assert [matched for matched, _ in explain(text)] == [normalize(term) for term in terms]

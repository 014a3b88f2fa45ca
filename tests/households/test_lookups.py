"""Lookups for the chat: by house code, national ID and name, never outside the caller's area scope."""

from __future__ import annotations

import pytest

from models.lookups import find_by_house_code, find_by_national_id, search_by_name
from models.vocabulary import Dimension
from tests import factories
from tests.households.helpers import national_id

NEAR, NEIGHBOUR, OTHER_DISTRICT, BANGKOK = "65010000001", "65010000002", "65020000001", "10010000001"
IDS = {code: national_id(body) for code, body in ((NEAR, "110170020345"), (NEIGHBOUR, "310050123456"),
                                                  (OTHER_DISTRICT, "350010987654"),
                                                  (BANGKOK, "155001123456"))}
SAME_NAME = ("บุญเรือน", "ศรีสวัสดิ์")
INSIDE = ("65", "6501", "650101")
OUTSIDE = ("6502", "650201", "10", "1001", "100101", "66")
MALEE = [("มาลี", "ศรีสุข"), ("มาลี", "ทองดี"), ("มาลัย", "ใจงาม"), ("มาลี", "แก้วใส"), ("มาลี", "ดีใจ")]


@pytest.fixture
def households(rt):
    """The same name in 650101 (เมืองพิษณุโลก), 650201 (นครไทย) and 100101 (Bangkok), plus look-alikes."""
    with rt.sessions.begin() as session:
        near = factories.household(session, rt.protector, house_code=NEAR,
                                   members=((*SAME_NAME, IDS[NEAR]), ("สมศรี", "ศรีสวัสดิ์", None)))
        factories.problem(session, near.id, Dimension.INCOME, "รายได้ไม่พอ")
        factories.household(session, rt.protector, house_code=NEIGHBOUR, moo=4,
                            members=(("บุญเรือง", "ศรีสุข", IDS[NEIGHBOUR]),))
        factories.household(session, rt.protector, house_code=OTHER_DISTRICT, subdistrict="650201",
                            members=((*SAME_NAME, IDS[OTHER_DISTRICT]),))
        factories.household(session, rt.protector, house_code=BANGKOK, subdistrict="100101",
                            members=((*SAME_NAME, IDS[BANGKOK]),))
        for number, (first, last) in enumerate(MALEE):
            factories.household(session, rt.protector, house_code=f"650100001{number:02d}", moo=5,
                                members=((first, last, None),))


@pytest.mark.parametrize("scope", INSIDE)
def test_by_house_code_inside_the_scope(rt, households, scope):
    with rt.sessions() as session:
        card = find_by_house_code(session, scope, NEAR)
        typed = find_by_house_code(session, scope, "๖๕๐๑-๐๐๐๐-๐๐๑")
    assert card is not None and card == typed
    assert (card.house_code, card.head_name, card.member_count, card.village_code) == (
        NEAR, "บุญเรือน ศรีสวัสดิ์", 2, "65010103")
    assert card.open_problems == {Dimension.INCOME: 1}


@pytest.mark.parametrize("scope", OUTSIDE)
def test_by_house_code_never_outside_the_scope(rt, households, scope):
    with rt.sessions() as session:
        assert find_by_house_code(session, scope, NEAR) is None
        assert find_by_house_code(session, scope, NEIGHBOUR) is None


@pytest.mark.parametrize("scope", INSIDE + OUTSIDE)
def test_by_national_id_only_inside_the_scope(rt, households, scope):
    with rt.sessions() as session:
        found = {code: find_by_national_id(session, rt.protector, scope, number)
                 for code, number in IDS.items()}
    inside = {code for code, card in found.items() if card is not None}
    assert inside == {code for code in IDS if _covers(scope, code)}
    assert all(found[code].house_code == code for code in inside)


def _covers(scope: str, code: str) -> bool:
    """Which of the fixture's households lie in the scope (they sit in 650101, 650201 and 100101)."""
    subdistrict = {NEAR: "650101", NEIGHBOUR: "650101", OTHER_DISTRICT: "650201", BANGKOK: "100101"}[code]
    return subdistrict.startswith(scope)


def test_by_national_id_reads_how_people_type_it(rt, households):
    number = IDS[NEAR]
    dashed = f"{number[0]}-{number[1:5]}-{number[5:10]}-{number[10:12]}-{number[12]}"
    thai = number.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    wrong = number[:12] + str((int(number[12]) + 1) % 10)
    with rt.sessions() as session:
        assert find_by_national_id(session, rt.protector, "6501", dashed).house_code == NEAR
        assert find_by_national_id(session, rt.protector, "6501", f"เลขบัตร {thai}").house_code == NEAR
        assert find_by_national_id(session, rt.protector, "6501", wrong) is None


@pytest.mark.parametrize(("scope", "codes"), [
    ("6501", {NEAR}), ("650101", {NEAR}), ("6502", {OTHER_DISTRICT}), ("10", {BANGKOK}),
    ("65", {NEAR, OTHER_DISTRICT}), ("66", set()),
])
def test_by_name_only_inside_the_scope(rt, households, scope, codes):
    with rt.sessions() as session:
        found = search_by_name(session, scope, "บุญเรือน ศรีสวัสดิ์")
    assert codes <= {card.house_code for card in found}
    assert all(card.village_code.startswith(scope) for card in found)


@pytest.mark.parametrize("typed", ["บุญเรีอน ศรีสวัสดิ์", "บุญเรอน ศรีสวัสดิ์", "นายบุญเรือน ศรีสวัสดิ"])
def test_by_name_a_typo_still_finds(rt, households, typed):
    with rt.sessions() as session:
        found = search_by_name(session, "6501", typed)
    assert found and found[0].house_code == NEAR and found[0].matched_name == "บุญเรือน ศรีสวัสดิ์"
    assert OTHER_DISTRICT not in {card.house_code for card in found}


def test_by_name_the_closest_match_comes_first(rt, households):
    with rt.sessions() as session:
        found = search_by_name(session, "6501", "บุญเรือน")
        malee = search_by_name(session, "6501", "มาลี ทองดิ")
    assert [card.house_code for card in found] == [NEAR, NEIGHBOUR]
    assert found[0].score > found[1].score
    assert malee[0].matched_name == "มาลี ทองดี"


def test_by_name_is_limited_and_ranked(rt, households):
    with rt.sessions() as session:
        everyone = search_by_name(session, "6501", "มาลี")
        three = search_by_name(session, "6501", "มาลี", limit=3)
        in_moo_5 = search_by_name(session, "6501", "มาลี", village="หมู่ 5")
        in_moo_4 = search_by_name(session, "6501", "มาลี", village="ม.4")
    scores = [card.score for card in everyone]
    assert len(everyone) >= 5 and scores == sorted(scores, reverse=True)
    assert everyone[-1].matched_name == "มาลัย ใจงาม"
    assert [card.household_id for card in three] == [card.household_id for card in everyone[:3]]
    assert len(in_moo_5) >= 5 and all(card.village_code == "65010105" for card in in_moo_5)
    assert in_moo_4 == []


def test_a_scope_must_be_an_area_code(rt, households):
    with rt.sessions() as session:
        for scope in ("", "6", "65010", "abcd", "65010103"):
            with pytest.raises(ValueError):
                find_by_house_code(session, scope, NEAR)
        assert search_by_name(session, "6501", "   ") == []

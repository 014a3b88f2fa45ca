"""Synthetic households for demos and benchmarks: deterministic for a seed, valid codes and IDs, and a
position near their subdistrict (registry/places.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from datetime import date
from functools import lru_cache
from itertools import accumulate

from models.vocabulary import Dimension, HouseholdSource
from registry.cases import make_cases
from registry.families import FamilyMaker, NameLists
from registry.places import house_position
from registry.records import HouseholdFields, HouseholdRecord

AS_OF = date(2026, 11, 1)
"""Ages and case dates are relative to this day, so a seed gives the same data on any day."""
CHUNK = 1000
"""Households drawn from one random stream; stream k is seeded with (seed, k)."""
MAX_HOUSEHOLDS = 10_000_000
"""House codes are the district code plus a 7-digit number: one run fills at most this many."""
SOURCES = (HouseholdSource.TPMAP, HouseholdSource.BMN, HouseholdSource.WELFARE_CARD,
           HouseholdSource.FIELD_ADDED)
SOURCE_WEIGHTS = list(accumulate((70, 20, 8, 2)))
VILLAGE_HEADS = ("หนอง", "โนน", "ดอน", "นา", "โคก", "ป่า", "ห้วย", "ทุ่ง", "บึง", "สระ", "วัง", "ท่า", "คลอง", "ดง",
                 "หัว", "หาด", "เนิน", "โพน")
VILLAGE_TAILS = ("บัว", "แดง", "ใหม่", "สว่าง", "ทอง", "กลาง", "ยาง", "ไทร", "โพธิ์", "ม่วง", "ขาม", "จิก", "ค้อ",
                 "แก", "คำ", "สะอาด", "ตะเคียน", "มะม่วง", "ศรีสุข", "พัฒนา", "สามัคคี", "เจริญ", "หลวง", "น้อย")


class Generator:
    def __init__(self, seed: int, subdistricts: list[str], catalogue: Mapping[int, tuple[int, Dimension]],
                 names: NameLists | None = None) -> None:
        if not subdistricts:
            raise ValueError("no subdistricts to place households in")
        self.seed, self.subdistricts, self.catalogue = seed, sorted(subdistricts), catalogue
        self.names = names or NameLists.from_nlp()
        stream = random.Random(f"{seed}/house-codes")
        # index -> (index * step + shift) mod 10^7 is a bijection: house codes never repeat within a run.
        self._house_step = stream.randrange(1, MAX_HOUSEHOLDS // 10) * 10 + stream.choice((1, 3, 7, 9))
        self._house_shift = stream.randrange(MAX_HOUSEHOLDS)

    def households(self, count: int) -> Iterator[HouseholdRecord]:
        if not 0 <= count <= MAX_HOUSEHOLDS:
            raise ValueError(f"generate at most {MAX_HOUSEHOLDS:,} households per run")
        for start in range(0, count, CHUNK):
            rng = random.Random(f"{self.seed}/{start // CHUNK}")
            families = FamilyMaker(rng, self.names, AS_OF)
            for index in range(start, min(count, start + CHUNK)):
                yield self._household(rng, families, index)

    def _household(self, rng: random.Random, families: FamilyMaker, index: int) -> HouseholdRecord:
        subdistrict = rng.choice(self.subdistricts)
        village_code, village_name = rng.choice(_villages(self.seed, subdistrict))
        house_code = f"{subdistrict[:4]}{(index * self._house_step + self._house_shift) % MAX_HOUSEHOLDS:07d}"
        members = families.family(house_code)
        problems, assistance, level = make_cases(rng, members, self.catalogue, AS_OF)
        house_no = str(rng.randint(1, 250)) + (f"/{rng.randint(1, 9)}" if rng.random() < 0.2 else "")
        source = rng.choices(SOURCES, cum_weights=SOURCE_WEIGHTS)[0]
        lat, lng = house_position(subdistrict, house_code) or (None, None)
        fields = HouseholdFields(house_code, house_no, village_code, village_name, source,
                                 rng.choice((2566, 2567, 2568)), lat, lng)
        return HouseholdRecord(fields, members, problems, assistance, level)


@lru_cache(maxsize=16384)
def _villages(seed: int, subdistrict: str) -> list[tuple[str, str]]:
    """5–15 villages per subdistrict (หมู่ 1…n), each with a plausible name "บ้าน…"."""
    rng = random.Random(f"{seed}/villages/{subdistrict}")
    return [(f"{subdistrict}{moo:02d}", f"บ้าน{rng.choice(VILLAGE_HEADS)}{rng.choice(VILLAGE_TAILS)}")
            for moo in range(1, rng.randint(5, 15) + 1)]

"""Thai language layer: commands, TPMAP dimensions and form slots read from what people type in LINE.

The only package that imports pythainlp. Every function is pure and total: any string gives an answer
(None or [] when there is nothing to read), never an exception. Call warm_up() once at start-up.
"""

import os

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from nlp.answers import match_choice, parse_yes_no
from nlp.dates import parse_date
from nlp.dimensions import CONFIDENT, DIMENSIONS, classify_dimensions, score_dimensions
from nlp.formatting import baht, thai_date, thai_datetime
from nlp.ids import parse_house_code, parse_national_id, parse_phone
from nlp.intents import INTENTS, detect_intent
from nlp.money import parse_money
from nlp.names import name_key, province_names, split_thai_name, thai_first_names, thai_last_names
from nlp.numbers import parse_quantity
from nlp.statuses import PROBLEM_STATUSES, parse_problem_status
from nlp.text import normalize
from nlp.warmup import warm_up

__all__ = [
    "CONFIDENT",
    "DIMENSIONS",
    "INTENTS",
    "PROBLEM_STATUSES",
    "baht",
    "classify_dimensions",
    "detect_intent",
    "match_choice",
    "name_key",
    "normalize",
    "parse_date",
    "parse_house_code",
    "parse_money",
    "parse_national_id",
    "parse_phone",
    "parse_problem_status",
    "parse_quantity",
    "parse_yes_no",
    "province_names",
    "score_dimensions",
    "split_thai_name",
    "thai_date",
    "thai_datetime",
    "thai_first_names",
    "thai_last_names",
    "warm_up",
]

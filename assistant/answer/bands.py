"""Cases written as bands of a quantity, and the one a question's quantity falls in.

Notices give a figure per case, each case a band: "Thời gian đóng bảo hiểm thất nghiệp từ đủ 84
tháng đến dưới 108 tháng: Hỗ trợ 2.650.000 đồng/người", "chuyên gia ... có từ 5 đến dưới 8 năm
kinh nghiệm", "dưới 12 tháng", "từ 132 tháng trở lên", "dưới 2.700.000 đồng/tháng". A question
gives its case as one quantity ("đóng được 8 năm", "about 6 years", "thạc sĩ, 4 yrs of
experience", "2,7 triệu"): the clause whose band holds it is the case asked about, whatever
words it shares with the question (every case shares them all). Years and months are one
dimension (8 năm = 96 tháng), amounts of money another.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.core.text import fold


@dataclass(frozen=True)
class Quantity:
    value: float
    dimension: str  # "months" or "money"


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    dimension: str
    high_included: bool = False

    def holds(self, q: Quantity) -> bool:
        if q.dimension != self.dimension:
            return False
        below = q.value <= self.high if self.high_included else q.value < self.high
        return self.low <= q.value and below


_NUMBER = r"(\d+(?:[.,]\d+)*)"
# Units, accent-folded: a length of time (to months) or money (to đồng).
_TIME_UNITS = {"nam": 12.0, "year": 12.0, "years": 12.0, "yrs": 12.0, "yr": 12.0}
_TIME_UNITS |= {"thang": 1.0, "month": 1.0, "months": 1.0}
_MONEY_UNITS = {"trieu dong": 1e6, "trieu": 1e6, "million": 1e6, "dong": 1.0, "vnd": 1.0}
_UNIT = "|".join(sorted([*_TIME_UNITS, *_MONEY_UNITS], key=len, reverse=True))
# "6 tháng đầu năm" is a period, "năm 2021" a year, "03 tháng 7" a date: not quantities.
_NOT_A_LENGTH = re.compile(r"\s*(?:dau|cuoi|\d)")

_PER = r"(?:/[a-z]+)?"  # "đồng/tháng", "đồng/người"
_QUESTION_QUANTITY = re.compile(
    rf"(?:\b(?P<side>duoi|chua du|khong du|under|less than|fewer than|below|tren|hon|over"
    rf"|more than|above)\s+)?"
    rf"(?<![\w.,/]){_NUMBER}\s*(?:(?:-|den|and|to)\s*(?P<upper>\d+(?:[.,]\d+)*)\s*)?({_UNIT})\b"
)
_FROM_TO = re.compile(
    rf"\btu (?:du )?{_NUMBER}\s*(?:({_UNIT}){_PER}\s*)?den (duoi )?{_NUMBER}\s*({_UNIT})\b"
)
_FROM_UP = re.compile(rf"\btu (?:du )?{_NUMBER}\s*({_UNIT}){_PER}(?:\s+[a-z]+){{0,4}}?\s+tro len\b")
_UNDER = re.compile(rf"(?<!den )\b(?:duoi|chua du) {_NUMBER}\s*({_UNIT})\b")
_OVER = re.compile(rf"\btren {_NUMBER}\s*({_UNIT})\b")
# A question's "dưới 2,7 triệu" / "over 10 years" is just inside that side of its bound; its
# "từ 2,7 đến 3 triệu" / "between 2.7 and 3 million" the middle of its range.
_SIDE = {"duoi": -1, "chua du": -1, "khong du": -1, "under": -1, "less than": -1}
_SIDE |= {"fewer than": -1, "below": -1, "tren": 1, "hon": 1, "over": 1, "more than": 1}
_SIDE |= {"above": 1}
# English number words a question may write its case with ("ten years").
_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
_NUMBER_WORDS = re.compile(r"\b(" + "|".join(_WORDS) + r")\b(?=\s+(?:years?|months?)\b)")
_INSIDE = 1e-6


def _value(number: str, unit: str) -> Quantity | None:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", number) and unit in ("dong", "vnd"):
        amount = float(re.sub(r"[.,]", "", number))
    elif re.fullmatch(r"\d+(?:[.,]\d+)?", number):
        amount = float(number.replace(",", "."))
    else:
        return None
    if unit in _TIME_UNITS:
        return Quantity(amount * _TIME_UNITS[unit], "months")
    return Quantity(amount * _MONEY_UNITS[unit], "money")


def question_quantities(question: str) -> list[Quantity]:
    """The lengths of time and amounts of money a question states as its case ("8 năm",
    "96 tháng", "2,7 triệu"); not periods ("6 tháng đầu năm"), years or dates."""
    text = _NUMBER_WORDS.sub(lambda m: str(_WORDS.index(m.group(1)) + 1), fold(question))
    found = []
    for match in _QUESTION_QUANTITY.finditer(text):
        side, number, upper, unit = match.groups()
        if unit in _TIME_UNITS and _NOT_A_LENGTH.match(text, match.end()):
            continue
        if unit in _TIME_UNITS and re.fullmatch(r"(?:19|20)\d\d", number):
            continue
        quantity = _value(number, unit)
        if quantity is None or quantity.value <= 0:
            continue
        value = quantity.value
        if upper:
            top = _value(upper, unit)
            value = (value + top.value) / 2 if top else value
        elif side:
            value *= 1 + _SIDE[side] * _INSIDE
        found.append(Quantity(value, quantity.dimension))
    return found


def bands(text: str) -> list[Band]:
    """The bands a clause writes its case as."""
    folded = " ".join(fold(text).split())
    found = []
    for match in _FROM_TO.finditer(folded):
        low, low_unit, under, high, unit = match.groups()
        lo, hi = _value(low, low_unit or unit), _value(high, unit)
        if lo and hi and lo.dimension == hi.dimension:
            found.append(Band(lo.value, hi.value, hi.dimension, high_included=not under))
    for match in _FROM_UP.finditer(folded):
        lo = _value(*match.groups())
        if lo:
            found.append(Band(lo.value, math.inf, lo.dimension))
    for match in _UNDER.finditer(folded):
        hi = _value(*match.groups())
        if hi:
            found.append(Band(0.0, hi.value, hi.dimension))
    for match in _OVER.finditer(folded):
        lo = _value(*match.groups())
        if lo:
            # "trên 2 năm": more than; a value at the bound is not held.
            found.append(Band(lo.value + 1e-9, math.inf, lo.dimension))
    return found


def band_fit(text: str, quantities: list[Quantity]) -> int:
    """1 when a band of the text holds one of the question's quantities, -1 when the text
    writes bands of that dimension and none holds it (another case), 0 when it writes none."""
    if not quantities:
        return 0
    dimensions = {q.dimension for q in quantities}
    written = [b for b in bands(text) if b.dimension in dimensions]
    if not written:
        return 0
    return 1 if any(b.holds(q) for b in written for q in quantities) else -1

"""Figures and dates in one canonical form, so "3.5 million VND", "3,5 triệu đồng" and
"3.500.000 đồng" meet, and so do "June 10, 2026", "10/6/2026" and "ngày 10 tháng 6 năm 2026".

Both the index and the question add these canonical terms to their lexical tokens:
`@2026-06-10` and `@06-10` for a day (the second matches a question without a year),
`@2026-06` for a month, `#3500000` for an amount written with a multiplier or thousands
separators, `%4.62` for a percentage.
"""

from __future__ import annotations

import re

MARKERS = ("@", "#", "%")

_MONTHS_EN = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_EN = r"(?P<mname>" + "|".join(sorted(_MONTHS_EN, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)"
_MONTH = r"(?P<month>[01]?\d)"

# Text is folded (no diacritics, lowercase) before these run: "ngày" -> "ngay".
_DATE_PATTERNS = [
    # 10/6/2026, 10-06-2026, 10.6.2026 (day first, as Vietnamese writes it)
    re.compile(rf"\b{_DAY}[/.-]{_MONTH}[/.-]{_YEAR}\b"),
    # ngày 10 tháng 6 năm 2026, 10 tháng 6 năm 2026, ngày 10 tháng 6, 2026
    re.compile(rf"\b{_DAY}\s+thang\s+{_MONTH}(?:\s*(?:nam|,)\s*{_YEAR})?\b"),
    # June 10, 2026 / June 10th 2026 / June 10
    re.compile(rf"\b{_MONTH_EN}\s+{_DAY}(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?\b"),
    # 10 June 2026 / 10th of June
    re.compile(rf"\b{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_EN}(?:,?\s+{_YEAR})?\b"),
    # 10/6 (no year)
    re.compile(r"(?<![\d/.-])(?P<day>[0-3]?\d)/(?P<month>[01]?\d)(?![\d/.-])"),
]
_MONTH_PATTERNS = [
    re.compile(rf"\bthang\s+{_MONTH}\s*(?:/|nam\s+){_YEAR}\b"),  # tháng 6/2026, tháng 6 năm 2026
    re.compile(rf"\b{_MONTH_EN}(?:,?\s+(?:of\s+)?){_YEAR}\b"),  # June 2026
    re.compile(rf"(?<![\d/.-]){_MONTH}/{_YEAR}\b"),  # 6/2026
]

_MULTIPLIERS = {
    "nghin": 1e3,
    "ngan": 1e3,
    "thousand": 1e3,
    "trieu": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "ty": 1e9,
    "billion": 1e9,
    "billions": 1e9,
}
_AMOUNT = re.compile(
    r"(?<![\w.,])(?P<number>\d+(?:[.,]\d+)*)\s*(?P<mult>"
    + "|".join(sorted(_MULTIPLIERS, key=len, reverse=True))
    + r")?\b"
)
# A range whose unit is written once, after its second figure: "between 2.7 and 3 million",
# "2,7 đến 3 triệu", "5-7 billion": the first figure is in the same unit.
_RANGE = re.compile(
    r"(?<![\w.,])(?P<number>\d+(?:[.,]\d+)*)\s*(?:-|–|to|and|or|den|toi)\s*\d+(?:[.,]\d+)*\s*"
    r"(?P<mult>" + "|".join(sorted(_MULTIPLIERS, key=len, reverse=True)) + r")\b"
)
_PERCENT = re.compile(r"(?<![\w.,])(?P<number>\d+(?:[.,]\d+)?)\s*(?:%|percent\b|phan tram\b)")


def canonical_terms(folded: str) -> list[str]:
    """Canonical date, month, amount and percentage terms in text of any language, given
    accent-folded and lowercased (assistant.core.text.figure_terms does that)."""
    terms = [term for _, _, found in figure_spans(folded) for term in found]
    return list(dict.fromkeys(terms))


def figure_spans(folded: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, canonical terms) of each date, month, amount and percentage written in
    the accent-folded, lowercased text: where a figure is written, and what it means."""
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(folded):
            spans.append((*match.span(), tuple(_date_terms(match))))
    for pattern in _MONTH_PATTERNS:
        for match in pattern.finditer(folded):
            month = _month_number(match)
            if month:
                spans.append((*match.span(), (f"@{match.group('year')}-{month:02d}",)))
    for match in _AMOUNT.finditer(folded):
        values = _amounts(match.group("number"), match.group("mult"))
        spans.append((*match.span(), tuple(f"#{value}" for value in values)))
    for match in _RANGE.finditer(folded):
        values = _amounts(match.group("number"), match.group("mult"))
        spans.append((*match.span("number"), tuple(f"#{value}" for value in values)))
    for match in _PERCENT.finditer(folded):
        spans.append((*match.span(), ("%" + match.group("number").replace(",", "."),)))
    return [span for span in spans if span[2]]


def _month_number(match: re.Match) -> int:
    groups = match.groupdict()
    if groups.get("mname"):
        return _MONTHS_EN[groups["mname"]]
    month = int(groups["month"])
    return month if 1 <= month <= 12 else 0


def _date_terms(match: re.Match) -> list[str]:
    day = int(match.group("day"))
    month = _month_number(match)
    if not (1 <= day <= 31 and month):
        return []
    terms = [f"@{month:02d}-{day:02d}"]
    year = match.groupdict().get("year")
    if year:
        terms[:0] = [f"@{year}-{month:02d}-{day:02d}", f"@{year}-{month:02d}"]
    return terms


def _amounts(number: str, multiplier: str | None) -> list[int]:
    """The values a written number may mean. "3.500.000" and "3,500,000" are thousands
    groups; "3,5" and "3.5" decimals; "2,700" / "2.700" either, so both values are kept."""
    scale = _MULTIPLIERS.get(multiplier or "", 1.0)
    readings: list[float] = []
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number) or re.fullmatch(r"\d{1,3}(?:,\d{3})+", number):
        readings.append(float(re.sub(r"[.,]", "", number)))
        if number.count(".") + number.count(",") == 1:  # "2.700": also 2.7
            readings.append(float(number.replace(",", ".")))
    elif re.fullmatch(r"\d+[.,]\d+", number):
        readings.append(float(number.replace(",", ".")))
    elif re.fullmatch(r"\d+", number) and multiplier:  # bare "2026" is a year or a count
        readings.append(float(number))
    else:
        return []
    values = []
    for reading in readings:
        value = reading * scale
        # Plain small numbers are already matched as they are written; only amounts whose
        # writing varies (a multiplier, thousands groups) need the canonical form.
        if (multiplier or value >= 1000) and value == int(value):
            values.append(int(value))
    return values

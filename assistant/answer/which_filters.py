"""What a "which documents" question says of the documents themselves, beyond its topic: their
type ("những quyết định nào", "which circulars"), their issuer ("của Ủy ban Thường vụ Quốc
hội") and their period ("trong tháng 5/2026", "năm 2025", "in 2025"). These are filters, not
topic words: a resolution that shares the question's words is not one of "the decisions" it
asks for, and a notice of 2024 is not one "issued in 2025"."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import replace

from assistant.core.records import DocumentRecord
from assistant.core.text import fold
from assistant.retrieval.search import Filters

# Document types, as a question names several of them (plural forms in English; Vietnamese
# has none, so the type counts when the question lists documents: "những/các <type> nào",
# "<type> nào ... ban hành", the which-documents intent decides). Folded, to the folded type
# the metadata gives.
_TYPES_VI = {
    "quyet dinh": "quyet dinh",
    "nghi quyet": "nghi quyet",
    "nghi dinh": "nghi dinh",
    "thong tu": "thong tu",
    "chi thi": "chi thi",
    "ket luan": "ket luan",
}
# "thông báo" is not among them: staff call every notice a "thông báo" ("Những thông báo nào nói
# về ..." asks about conclusions and news items too), as English "notices".
_TYPES_EN = {
    "decisions": "quyet dinh",
    "resolutions": "nghi quyet",
    "decrees": "nghi dinh",
    "circulars": "thong tu",
    "directives": "chi thi",
    "conclusions": "ket luan",
}
_TYPE_VI = re.compile(
    r"\b(?:nhung|cac|may|bao nhieu)\s+(" + "|".join(_TYPES_VI) + r")\b"
    r"|\b(" + "|".join(_TYPES_VI) + r")\s+nao\b"
)
_TYPE_EN = re.compile(r"\b(" + "|".join(_TYPES_EN) + r")\b")

# A period: a month ("tháng 5/2026", "tháng 5 năm 2026", "May 2026", "5/2026") or a year
# ("năm 2025", "in 2025"). Folded text.
_MONTH_VI = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|nam\s+)\s*((?:19|20)\d{2})\b")
_MONTH_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/((?:19|20)\d{2})\b")
_MONTHS_EN = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_EN = re.compile(r"\b(" + "|".join(_MONTHS_EN) + r")\s+((?:19|20)\d{2})\b")
_YEAR = re.compile(r"\b(?:nam|in|of|during)\s+((?:19|20)\d{2})\b")

# The issuer a question names: the words after "của" / "by" / "from" up to a word that ends a
# body's name. Kept only when it is part of some document's issuer in the collection.
_ISSUER_VI = re.compile(
    r"\bcua\s+(.+?)(?=\s+(?:nam|trong|ve|quy dinh|lien quan|ban hanh|da|co|nao|thang)\b|[,?.]|$)"
)
_ISSUER_EN = re.compile(
    r"\b(?:by|from|of)\s+the\s+(.+?)(?=\s+(?:in|on|about|during|that|which)\b|[,?.]|$)"
)


def which_filters(
    question: str, language: str, documents: Iterable[DocumentRecord]
) -> Filters | None:
    """The filters a which-documents question sets on its documents, or None when it sets
    none. A type, issuer or period is kept only when some document of the collection has it
    (an issuer the collection does not know is a topic word)."""
    text = " ".join(fold(question).split())
    documents = list(documents)
    doc_type = _doc_type(text, language)
    if doc_type and not any(doc_type in fold(d.doc_type) for d in documents):
        doc_type = ""
    issuer = _issuer(text, language, documents)
    since, until = _period(text)
    if not (doc_type or issuer or since):
        return None
    return Filters(doc_type=doc_type, issuer=issuer, since=since, until=until)


def merged(filters: Filters | None, derived: Filters) -> Filters:
    """The question's filters under the caller's: what the caller set wins."""
    if filters is None:
        return derived
    return replace(
        filters,
        doc_type=filters.doc_type or derived.doc_type,
        issuer=filters.issuer or derived.issuer,
        since=filters.since or derived.since,
        until=filters.until or derived.until,
    )


def _doc_type(text: str, language: str) -> str:
    if language == "en":
        match = _TYPE_EN.search(text)
        return _TYPES_EN[match.group(1)] if match else ""
    match = _TYPE_VI.search(text)
    if not match:
        return ""
    return _TYPES_VI[match.group(1) or match.group(2)]


def _issuer(text: str, language: str, documents: list[DocumentRecord]) -> str:
    pattern = _ISSUER_EN if language == "en" else _ISSUER_VI
    issuers = {fold(d.issuer) for d in documents if d.issuer}
    for issuer in sorted(issuers, key=len, reverse=True):
        # "do Thủ tướng Chính phủ ban hành", "Thủ tướng Chính phủ đã ban hành", "issued by
        # the Prime Minister" is left to the glossary-free English pattern below.
        if re.search(rf"\b{re.escape(issuer)}\s+(?:da\s+|co\s+)?ban hanh\b", text):
            return issuer
    for match in pattern.finditer(text):
        words = match.group(1).split()
        # The longest leading run of the named words that some issuer holds.
        for end in range(len(words), 1, -1):
            name = " ".join(words[:end])
            if any(name in issuer for issuer in issuers):
                return name
    return ""


def _period(text: str) -> tuple[str, str]:
    for pattern in (_MONTH_VI, _MONTH_SLASH):
        match = pattern.search(text)
        if match and 1 <= int(match.group(1)) <= 12:
            month, year = int(match.group(1)), match.group(2)
            return f"{year}-{month:02d}-01", f"{year}-{month:02d}"
    match = _MONTH_EN.search(text)
    if match:
        month, year = _MONTHS_EN[match.group(1)], match.group(2)
        return f"{year}-{month:02d}-01", f"{year}-{month:02d}"
    match = _YEAR.search(text)
    if match:
        return f"{match.group(1)}-01-01", match.group(1)
    return "", ""

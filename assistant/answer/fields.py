"""Answers about a notice's own fields ("who signed it?", "ban hành ngày nào?", "what is its
number?"): the value from the notice's metadata, said in a sentence that quotes the line of the
passage stating it, as the notice writes it."""

from __future__ import annotations

import re

from assistant.core.i18n import format_date
from assistant.core.labels import document_label
from assistant.core.records import Citation


def field_sentence(doc: dict, passage: str, field: str, value: str, language: str) -> str:
    """The answer: "“<title>” was signed by X: “<the line>”" (signer, number or date)."""
    title = doc.get("title") or document_label(doc)
    # The line of the passage that states the value, quoted as the notice writes it.
    if field == "date":
        found = date_pattern(value).search(passage) if date_pattern(value) else None
        at = found.start() if found else 0
    else:
        at = max(0, passage.find(value))
    line_start = passage.rfind("\n", 0, at) + 1
    line_end = passage.find("\n", at)
    line = passage[line_start : line_end if line_end >= 0 else len(passage)]
    quote = " ".join(line.split())
    quote = f": “{quote[:200]}”" if quote else ""
    shown = format_date(value, language) if field == "date" else value
    english = language == "en"
    text = {
        "signer": (
            f"“{title}” was signed by {shown} [1]." if english else f"“{title}” do {shown} ký [1]."
        ),
        "number": (
            f"“{title}” is numbered {shown} [1]."
            if english
            else f"“{title}” có số hiệu {shown} [1]."
        ),
        "date": (
            f"“{title}” was issued on {shown} [1]."
            if english
            else f"“{title}” ban hành ngày {shown} [1]."
        ),
    }[field]
    return text[:-1] + quote if quote else text


def date_pattern(iso: str) -> re.Pattern | None:
    """ "2020-07-03" as notices write it: "ngày 03 tháng 7 năm 2020", "03/7/2020"."""
    parts = iso.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    year, month, day = (int(p) for p in parts)
    return re.compile(
        rf"(?<!\d)0?{day}\s*(?:tháng\s+0?{month}\s*(?:năm|,)\s*{year}|[/.-]0?{month}[/.-]{year})",
        re.IGNORECASE,
    )


def short_reference(citation: Citation, language: str) -> str:
    """ "văn bản số 1097-KL/TU" / "notice 1097-KL/TU", else its date."""
    name = citation.number or format_date(citation.date, language) or citation.title[:40]
    return f"in notice {name}" if language == "en" else f"trong văn bản {name}"

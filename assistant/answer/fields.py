"""Answers about a notice's own fields ("who signed it?", "ban hành ngày nào?", "what is its
number?"): the value from the notice's metadata, said in a sentence that quotes the line of the
passage stating it, as the notice writes it."""

from __future__ import annotations

import re

from assistant.answer.versions import dmy
from assistant.core.i18n import format_date
from assistant.core.labels import document_label
from assistant.core.records import Citation, DocumentRecord
from assistant.core.text import fold

# A document-field answer quotes the line holding the field up to FIELD_LINE_CHARS characters;
# a notice without a number or date is named by its title's first TITLE_CHARS. Chosen by hand.
FIELD_LINE_CHARS = 200
TITLE_CHARS = 40


def field_sentence(doc: DocumentRecord, passage: str, field: str, value: str, language: str) -> str:
    """The answer: "“<title>” was signed by X: “<the line>”" (signer, number or date)."""
    title = doc.title or document_label(doc)
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
    quote = f": “{quote[:FIELD_LINE_CHARS]}”" if quote else ""
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
    name = citation.number or format_date(citation.date, language) or citation.title[:TITLE_CHARS]
    return f"in notice {name}" if language == "en" else f"trong văn bản {name}"


# Words that name the asked-for field, set aside when checking that a passage is on the
# question's notice (with their accent-free spellings: "do ai ky").
FIELD_WORDS = (
    "ký",
    "ký ban hành",
    "người ký",
    "số hiệu",
    "số ký hiệu",
    "ban hành",
    "ngày ban hành",
    "ngày ký",
    "ky",
    "nguoi ky",
    "so hieu",
    "ban hanh",
)


# A notice's number as a question writes it: "178-KH/TU", "10/2022/TT-BKHĐT", "113/nq-cp".
_NUMBER_CODE = re.compile(r"\b\d+(?:/\d{4})?[-/][\wĐđ/-]*[^\W\d_][\wĐđ/-]*")


def names_its_number(question: str, doc: DocumentRecord) -> bool:
    """Whether every notice number the question names is this notice's (true when it names
    none)."""
    number = fold(doc.number)
    codes = [fold(c) for c in _NUMBER_CODE.findall(question)]
    return all(number and (c in number or number in c) for c in codes)


def document_field_sentence(
    doc: DocumentRecord, passage: str, asks: str, value: str, language: str
) -> str:
    """The answer to "who signed ...", "what is its number", "ban hành ngày nào" about the
    notice a question is about: the value, quoting the passage (or its dateline) that holds it."""
    title = doc.title or document_label(doc)
    label = document_label(doc)
    quote = "“" + " ".join(passage.split()) + "”"
    if asks == "date":
        stated = date_pattern(value).search(passage)
        line_start = passage.rfind("\n", 0, stated.start()) + 1
        line_end = passage.find("\n", stated.end())
        line = " ".join(passage[line_start : line_end if line_end >= 0 else None].split())
        text = (
            f"“{title}” ({label}) was issued on {dmy(value)} [1]: “{line}”"
            if language == "en"
            else f"“{title}” ({label}) ban hành ngày {dmy(value)} [1]: “{line}”"
        )
    elif asks == "signer":
        text = (
            f"“{title}” ({label}) was signed by {value} [1]: {quote}"
            if language == "en"
            else f"“{title}” ({label}) do {value} ký [1]: {quote}"
        )
    else:
        text = (
            f"“{title}” is numbered {value} [1]."
            if language == "en"
            else f"“{title}” có số hiệu {value} [1]."
        )
    return text


def chunk_holding(chunks: list, value: str, last: bool):
    """The first (or last) of a document's passages, in text order, whose text holds value."""
    if not value:
        return None
    wanted = fold(value)
    ordered = sorted(chunks, key=lambda c: c.start, reverse=last)
    return next((c for c in ordered if wanted in fold(c.text)), None)


def chunk_matching(chunks: list, pattern: re.Pattern | None):
    """The first of a document's passages, in text order, that the pattern finds in."""
    if pattern is None:
        return None
    return next((c for c in chunks if pattern.search(c.text)), None)

"""Answers about a notice's own fields ("who signed it?", "ban hành ngày nào?", "what is its
number?"): the value from the notice's metadata, said in a sentence that quotes the line of the
passage stating it, as the notice writes it."""

from __future__ import annotations

import re

from assistant.answer.versions import dmy
from assistant.core.i18n import format_date
from assistant.core.labels import document_label
from assistant.core.records import Citation, DocumentRecord
from assistant.core.text import fold, sentence_spans

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
        quote = "“" + signature_block(passage, value) + "”"
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


# At most this many lines above the signer's name belong to the signature block ("TM. CHÍNH
# PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "[daky]"). Chosen by hand from gazette notices.
SIGNATURE_LINES = 4


def signature_block(passage: str, name: str) -> str:
    """The signature as the passage prints it ("KT. BỘ TRƯỞNG THỨ TRƯỞNG Lê Văn Thanh"): the
    name's line and the office lines in capitals right above it; the whole passage when the
    name is not on a line of its own (a passage that holds the signature among other text
    would otherwise be quoted whole)."""
    lines = passage.split("\n")
    at = next((i for i, line in enumerate(lines) if fold(name) in fold(line)), None)
    if at is None:
        return " ".join(passage.split())
    start = at
    while start > max(0, at - SIGNATURE_LINES) and _office_line(lines[start - 1]):
        start -= 1
    return " ".join(" ".join(lines[start : at + 1]).split())


def _office_line(line: str) -> bool:
    """A signature's office line: capitals ("KT. THỦ TƯỚNG") or a gazette mark ("[daky]")."""
    line = line.strip()
    return bool(line) and (line == line.upper() or line.startswith("["))


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


# A question asking when a notice takes effect (accent-folded): "có hiệu lực từ ngày nào",
# "hiệu lực thi hành kể từ khi nào", "khi nào ... có hiệu lực", "when does ... take effect",
# "come into force", "from what date does ... apply". The effect words must be what is asked,
# not a condition on something else ("trước khi nghị quyết có hiệu lực thì được hưởng từ khi
# nào" asks when a benefit starts), and suspending or ending an effect ("ngưng hiệu lực") is
# what another notice does, said in its own passage.
_ASKS_EFFECT = re.compile(
    r"(?<!ngung )(?<!het )(?<!dinh chi )hieu luc(?: thi hanh)?\s+(?:(?:ke\s+)?tu\s+|vao\s+"
    r"|trong\s+)?(?:ngay nao|khi nao|luc nao|bao gio|(?:khoang )?thoi gian nao|thoi diem nao)"
    r"|\b(?:khi nao|bao gio|tu ngay nao|ngay nao)\b[^?.]*\bco hieu luc(?: thi hanh)?\s*\??\s*$"
    r"|\bngay (?:co )?hieu luc\b"
    r"|\b(?:take|takes|took|taken|taking)\s+ef+ect\b|\b(?:come|comes|came)\s+into\s+(?:force|effect)"
    r"|\benter(?:s|ed)?\s+into\s+force\b|\beffective\s+(?:date|from)\b"
    # Everyday English for the same: "when did it kick in", "go into effect", "become
    # effective", "start to apply".
    r"|\bkick(?:s|ed)?\s+in\b|\b(?:go|goes|went|gone)\s+into\s+(?:force|effect)\b"
    r"|\bbec(?:o|a)mes?\s+effective\b|\bstart(?:s|ed)?\s+(?:to\s+apply|applying)\b"
    r"|\b(?:from|as of|since)\s+(?:when|what date|which date)\b[^?]*\bappl(?:y|ies)\b"
)
# A notice's statement of its own effect: "Thông tư này có hiệu lực thi hành kể từ ngày ...",
# "Quyết định này có hiệu lực kể từ ngày ký"; else any "có hiệu lực (thi hành) (kể) từ". The time
# must follow: "trước ngày Nghị quyết này có hiệu lực thi hành thì ..." only refers to it.
_OWN_EFFECT = re.compile(
    r"\bnày\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+kể)?\s+(?:từ|sau)\b", re.IGNORECASE
)
_ANY_EFFECT = re.compile(r"\bcó\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\b", re.IGNORECASE)
# Words of the effect question set aside when checking that a notice is the one asked about.
EFFECT_WORDS = (
    "hiệu lực",
    "hiệu lực thi hành",
    "có hiệu lực",
    "thi hành",
    "kể từ",
    "từ",
    "ngày",
    "hieu luc",
    "thi hanh",
    "co hieu luc",
)


def asks_effect(question: str) -> bool:
    """Whether the question asks when a notice takes effect (Vietnamese or English)."""
    return bool(_ASKS_EFFECT.search(fold(question).lower()))


def effect_statement(chunks: list) -> tuple[object, str] | None:
    """(the passage, its sentence) where a notice states when it takes effect: the first
    "<notice> này có hiệu lực (kể) từ ..." in text order, else the first "có hiệu lực ... từ";
    a statement inside quotation marks is another notice's, quoted (a correction's "đã in:
    “... Thông tư này có hiệu lực ...”")."""
    for pattern in (_OWN_EFFECT, _ANY_EFFECT):
        for chunk in chunks:
            for found in pattern.finditer(chunk.text):
                line = chunk.text[chunk.text.rfind("\n", 0, found.start()) + 1 : found.start()]
                if line.count("“") > line.count("”"):
                    continue
                return chunk, _sentence_at(chunk.text, found.start())
    return None


# A sentence starting this close to its line's start is led by the line's list marker ("1. ").
_MARKER_CHARS = 4


def _sentence_at(text: str, at: int) -> str:
    """The sentence of `text` around offset `at`, within its line; a list marker that starts
    the line stays with it ("1. Thông tư này có hiệu lực ...")."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    offset = at - line_start
    for start, end in sentence_spans(line):
        if offset < end:
            return " ".join(line[0 if start <= _MARKER_CHARS else start : end].split())
    return " ".join(line.split())


def effect_sentence(doc: DocumentRecord, statement: str, language: str) -> str:
    """The answer to "when does it take effect": the notice and its own words, quoted."""
    title = doc.title or document_label(doc)
    label = document_label(doc)
    if language == "en":
        return f"“{title}” ({label}) states when it takes effect [1]: “{statement}”"
    return f"“{title}” ({label}) quy định hiệu lực [1]: “{statement}”"

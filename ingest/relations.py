"""The documents a notice replaces, repeals or amends, read from its own text.

Only what the notice says of itself counts: "Thông báo này thay thế Thông báo số 12-TB/TU ...",
"Quyết định sửa đổi, bổ sung một số điều của Quyết định số ..." in its title, "bãi bỏ Kết luận số
...". Three kinds of sentences talk about other documents and are skipped:
- the legal basis ("Căn cứ Luật ... sửa đổi, bổ sung ..."), which cites, not changes;
- passive footnotes of consolidated texts ("Khoản này được bãi bỏ theo ... Nghị định số ..."),
  where the *cited* document is the one that changes this one;
- a consolidated text (Văn bản hợp nhất) as a whole: its header lists the amending documents.
"""

from __future__ import annotations

import re

from assistant.core.records import AMENDS, REPEALS, REPLACES
from assistant.core.text import normalize_unicode, number_key

# The title block: a relation stated there ("Quyết định sửa đổi, bổ sung ...") needs no "này".
_TITLE_LINES = 15
_TYPES = (
    r"(?:Thông báo(?: kết luận)?|Kết luận|Chỉ thị|Nghị quyết|Kế hoạch|Quyết định|Nghị định|"
    r"Thông tư liên tịch|Thông tư|Luật|Công văn|Báo cáo|Hướng dẫn|Quy định|Văn bản)"
)
_CODE = r"(?P<number>\d+[\w.]*(?:[-/][\wĐđ.]+)+)"
_DATE = (
    r"(?:\s*,?\s*ngày\s+(?:(?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4})|"
    r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})))?"
)
# A part of the target ("một số điều của", "Điều 3, khoản 2 của", "mục II tại"): a repeal of a
# part is an amendment of the whole.
_PART = (
    r"(?P<part>(?:một số |các )?(?:điều|khoản|điểm|mục|phần|nội dung|tiết)\b"
    r"[^.;:]{0,60}?\s(?:của|tại)\s)?"
)
_VERB = r"(?P<verb>thay thế(?: cho)?|bãi bỏ|hủy bỏ|sửa đổi,? bổ sung|sửa đổi|bổ sung|đính chính)"
_RELATION_RE = re.compile(
    rf"{_VERB}\s+{_PART}(?P<type>{_TYPES})\s+số\s*:?\s*{_CODE}{_DATE}", re.IGNORECASE
)
_PASSIVE_RE = re.compile(r"\b(?:được|bị)\s+(?:\S+\s+){0,3}?$", re.IGNORECASE)
# Another document named before the verb is the verb's subject: "Thông tư số 138/2025/TT-BTC sửa
# đổi, bổ sung ... Thông tư số 57/2021/TT-BTC" in a title tells what 138 did, not this notice.
_REFERENCE_RE = re.compile(r"số\s*:?\s*\d+[\w.]*(?:[-/][\wĐđ.]+)+", re.IGNORECASE)
_THIS_RE = re.compile(r"\bnày\b", re.IGNORECASE)
# A number broken by a line wrap or a stray space: "21/2021/TT-\nBLĐTBXH", "03/2021/TT- BKHĐT".
_WRAPPED_CODE_RE = re.compile(r"(\d+[\w.]*(?:[-/][\wĐđ.]+)*[-/])\s+(?=[A-ZĐ])")
_SENTENCE_RE = re.compile(r"[^.;\n]+(?:[.;]|$)", re.MULTILINE)


def extract_relations(text: str, doc_type: str = "") -> list[dict]:
    """[{"kind": replaces|repeals|amends, "number", "doc_type", "date" (ISO or "")}], each
    target once (its strongest kind: replaces > repeals > amends)."""
    if doc_type == "Văn bản hợp nhất":
        return []
    text = _WRAPPED_CODE_RE.sub(r"\1", normalize_unicode(text))
    title_end = _offset_of_line(text, _TITLE_LINES)
    found: dict[str, dict] = {}
    basis = False  # inside a "Căn cứ ..." paragraph: its clauses are split by ";"
    for sentence in _SENTENCE_RE.finditer(text):
        body = sentence.group(0)
        start = sentence.start()
        # A new paragraph: after a line that ended a clause (a hard-wrapped "Căn cứ" line
        # that stops mid-phrase continues the legal basis).
        opening = start == 0 or (
            text[start - 1] == "\n" and text[:start].rstrip()[-1:] in (".", ";", ":", "")
        )
        if opening:
            basis = body.lstrip(" -+•–").startswith(("Căn cứ", "căn cứ"))
        if basis:
            continue
        in_title = sentence.start() < title_end
        for match in _RELATION_RE.finditer(body):
            before = body[: match.start()]
            if _PASSIVE_RE.search(before):
                continue  # "được sửa đổi, bổ sung bởi ...": the other document changes this one
            this = list(_THIS_RE.finditer(before))
            if not in_title and not this:
                continue  # a relation between two other documents, told in passing
            if _REFERENCE_RE.search(before[this[-1].end() :] if this else before):
                continue  # another document is the subject of the verb
            kind = _kind(match.group("verb"), bool(match.group("part")))
            number = match.group("number").rstrip(".")
            relation = {
                "kind": kind,
                "number": number,
                "doc_type": _type_name(match.group("type")),
                "date": _date(match),
            }
            key = number_key(number)
            if key not in found or _STRENGTH[kind] > _STRENGTH[found[key]["kind"]]:
                found[key] = relation
    return list(found.values())


_STRENGTH = {AMENDS: 0, REPEALS: 1, REPLACES: 2}


def _kind(verb: str, partial: bool) -> str:
    verb = verb.lower()
    if partial or verb.startswith(("sửa", "bổ sung", "đính chính")):
        return AMENDS
    if verb.startswith("thay thế"):
        return REPLACES
    return REPEALS


def _type_name(raw: str) -> str:
    name = raw[:1].upper() + raw[1:].lower()
    return "Thông báo" if name.startswith("Thông báo") else name


def _date(match: re.Match) -> str:
    day = match.group("d1") or match.group("d2")
    month = match.group("m1") or match.group("m2")
    year = match.group("y1") or match.group("y2")
    if not (day and month and year) or not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return ""
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(line):
        nxt = text.find("\n", offset)
        if nxt < 0:
            return len(text)
        offset = nxt + 1
    return offset

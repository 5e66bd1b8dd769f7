"""Questions that name a notice: by its number (whole, "Nghị quyết 113/NQ-CP", or its first
parts, "Thông tư 11/2024"), or that ask a field of the notice itself (who signed it, its number,
the day it was issued)."""

from __future__ import annotations

import re

from assistant.answer.segments import segment
from assistant.core.text import normalize_unicode, strip_diacritics

_CODE = re.compile(r"\d{1,5}(?:\.\d{1,3})?(?:[-/][^\W_]+)+")  # 66.17/2026/NQ-CP too


def _code_key(code: str) -> str:
    """ "07/2026/TT-BNV" and "7/2026/tt-bnv" alike: folded, lowercase, no leading zeros."""
    return strip_diacritics(code).lower().lstrip("0")


def named_documents(question: str, language: str, numbers: dict[str, str]) -> list[str]:
    """The documents (doc_id -> số hiệu in `numbers`) a question names by their number, whole
    ("Nghị quyết 113/NQ-CP") or by its first parts ("Thông tư 11/2024", "circular 02/2023").
    A number the collection does not hold names nothing."""
    return list(
        dict.fromkeys(d for ids in _named_codes(question, language, numbers).values() for d in ids)
    )


def with_full_numbers(question: str, language: str, numbers: dict[str, str]) -> str:
    """The question with a number it gives in part ("Thông tư 11/2024") written in full when
    it names one notice ("Thông tư 11/2024/TT-BKHĐT"): the notice's own number is one term,
    and its first part alone would count as a word no passage holds."""
    for code, ids in _named_codes(question, language, numbers).items():
        if len(ids) == 1 and _code_key(numbers[ids[0]]) != _code_key(code):
            question = re.sub(rf"(?<![\w/-]){re.escape(code)}(?![\w/-])", numbers[ids[0]], question)
    return question


def _named_codes(question: str, language: str, numbers: dict[str, str]) -> dict[str, list[str]]:
    """Each number the question gives -> the documents it names."""
    named: dict[str, list[str]] = {}
    for seg in segment(question, language).of("document"):
        for code in _CODE.findall(seg.text):
            wanted = _code_key(code)
            ids = [
                doc_id
                for doc_id, number in numbers.items()
                if (key := _code_key(number or ""))
                and (key == wanted or key.startswith((wanted + "/", wanted + "-")))
            ]
            if ids:
                named[code] = ids
    return named


# A question about the notice itself rather than its content: who signed it, its number, the
# day it was issued. Asked in a conversation, it is about the notice the previous answer cited.
_NOTICE_FIELDS = {
    "vi": [
        (
            "signer",
            r"(?:ai|người nào|đồng chí nào)\s+(?:đã\s+)?ký|người ký|do ai ký|ai là người ký",
        ),
        ("number", r"số hiệu|số ký hiệu|có số (?:là )?(?:gì|mấy|bao nhiêu)"),
        (
            "date",
            r"(?:ban hành|ký|được ký|ra đời)\s+(?:vào\s+)?(?:ngày nào|khi nào|lúc nào|bao giờ)"
            r"|ngày ban hành|ngày ký",
        ),
    ],
    "en": [
        ("signer", r"who\s+signed|signer|signatory"),
        ("number", r"(?:its|the|what is the|what's the)\s+(?:reference\s+|document\s+)?number"),
        (
            "date",
            r"when\s+was\s+(?:it|this|that|the\s+\w+)\s+(?:issued|signed|adopted|published"
            r"|released)|date\s+of\s+(?:issue|signing)|issued\s+on\s+what\s+date",
        ),
    ],
}


def notice_field(question: str, language: str) -> str:
    """ "signer" | "number" | "date" when the question asks that of a notice, else ""."""
    key = strip_diacritics(normalize_unicode(question)).lower()
    for name, pattern in _NOTICE_FIELDS["en" if language == "en" else "vi"]:
        if re.search(rf"(?<!\w)(?:{strip_diacritics(pattern)})(?!\w)", key):
            return name
    return ""

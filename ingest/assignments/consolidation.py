"""The footnotes a consolidated text (Văn bản hợp nhất) prints among its provisions, blanked out
before the ledger reads it.

A consolidated text says where each provision came from in numbered notes ("7 Khoản này được bãi
bỏ theo quy định tại khoản 2 Điều 3 của Thông tư số 28/2022/TT-BLĐTBXH, có hiệu lực thi hành kể
từ ngày 01 tháng 3 năm 2023."), and a PDF prints them where a page ended: as lines between a
duty article's items, or run into an article title ("Điều 15. Trách nhiệm của ... giáo dục
thường xuyên13 10 Khoản này được sửa, bổ sung ..."). Their numbers also stick to the words and
item numbers they annotate ("thường xuyên13", "3.10 Quản lý, chỉ đạo ...", "2.3 Nhà giáo ...").
Read as text, a note is a task of the article's party, a title with a note names no party, and an
item "3.7" reads as a sub-item that makes item "2." its group title (VBHN 4082/VBHN-BLĐTBXH,
twelfth-round tune doc). Blanking keeps every offset, so records still index the real text.
"""

from __future__ import annotations

import re

# A note: its number, the part it annotates, and what happened to it ("được sửa đổi, bổ sung",
# "được bãi bỏ", "được bổ sung"), up to the date it took effect. At a line start, or after the
# note number stuck to the title it annotates ("thường xuyên13 10 Khoản này ...").
_NOTE_RE = re.compile(
    r"(?:^|(?<=[^\W\d_]\d)[ \t]+|(?<=[^\W\d_]\d\d)[ \t]+)"
    r"(?P<number>\d{1,3})[ \t]+(?:Khoản|Điều|Điểm|Mục|Chương|Mẫu|Phụ lục|Cụm từ|Tên)\b"
    r"[^\n]{0,150}?\b(?:được|bị)\s+(?:sửa|bổ sung|bãi bỏ|thay thế|hủy bỏ|huỷ bỏ|đính chính)"
    r"[^\n]*?(?:\bnăm\s+\d{4}\s*\.|$)",
    re.MULTILINE,
)
# A note number stuck to the word it annotates ("thường xuyên13", "ĐIỀU KHOẢN THI HÀNH15"), or
# to the comma after it ("Xây dựng chiến lược,12, kế hoạch ...": VBHN 22/VBHN-VPQH).
_GLUED_RE = re.compile(
    r"(?:(?<=[^\W\d_])|(?<=[^\W\d_],))(?P<number>\d{1,3})(?=[\s.,;:]|$)", re.MULTILINE
)
# ... or to an item's number: "3.10 Quản lý" is item 3 with note 10.
_ITEM_RE = re.compile(r"^(?P<item>\d{1,2}\.)(?P<number>\d{1,3})(?P<gap>[ \t]+)(?=\S)", re.MULTILINE)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def without_notes(text: str, doc_type: str) -> str | None:
    """The text of a consolidated text with its notes and note numbers blanked (same length),
    or None when there is nothing to blank or the notice is of another type."""
    if doc_type != "Văn bản hợp nhất":
        return None
    notes = list(_NOTE_RE.finditer(text))
    if not notes:
        return None
    numbers = {found.group("number") for found in notes}
    for found in reversed(notes):
        text = _blank(text, found.start("number"), found.end())
    for found in reversed(list(_ITEM_RE.finditer(text))):
        if found.group("number") in numbers:
            # "3.10 Quản lý" -> "3.   Quản lý": the gap moves so the item number stays first
            start, end = found.start("number"), found.end("gap")
            text = text[:start] + " " * (end - start) + text[end:]
    for found in reversed(list(_GLUED_RE.finditer(text))):
        if found.group("number") in numbers:
            text = _blank(text, found.start(), found.end())
    return text

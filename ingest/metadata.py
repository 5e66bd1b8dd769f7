"""Document metadata from the normalized text: số hiệu, loại, cơ quan ban hành, địa danh + ngày,
người ký, nơi nhận and a human title. Fields the text does not state stay empty.

doc_type scheme (one label per document, from the heading that names the document, else from
the code inside its number, e.g. "-KL/" or "/NĐ-CP"):
Thông báo, Kết luận, Chỉ thị, Nghị quyết, Kế hoạch, Quyết định, Nghị định, Thông tư,
Thông tư liên tịch, Luật, Văn bản hợp nhất, Công văn, Báo cáo, Tin bài (news of a working
session, recognised by its dateline). "THÔNG BÁO KẾT LUẬN ..." is a Thông báo: the title keeps
the rest ("Thông báo kết luận của ...").
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.core.text import strip_diacritics

_HEAD_LINES = 40  # the letterhead, number, date and title sit in the first lines
_TITLE_LINE_CHARS = 300  # a longer line under the type heading is shortened (first) or body
_TAIL_LINES = 60  # a law's "thông qua ngày ..." and a late dateline sit in the last lines

# Heading word -> doc_type; longer keys first so "THÔNG TƯ LIÊN TỊCH" wins over "THÔNG TƯ".
_TYPE_HEADINGS = {
    "VĂN BẢN HỢP NHẤT": "Văn bản hợp nhất",
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch",
    "THÔNG BÁO": "Thông báo",
    "KẾT LUẬN": "Kết luận",
    "CHỈ THỊ": "Chỉ thị",
    "NGHỊ QUYẾT": "Nghị quyết",
    "KẾ HOẠCH": "Kế hoạch",
    "QUYẾT ĐỊNH": "Quyết định",
    "NGHỊ ĐỊNH": "Nghị định",
    "THÔNG TƯ": "Thông tư",
    "LUẬT": "Luật",
    "CÔNG VĂN": "Công văn",
    "BÁO CÁO": "Báo cáo",
}
_TYPE_HEADING_RE = re.compile(
    # "THÔNG TƯ1": consolidated texts put a footnote number on the heading.
    r"^(?:" + "|".join(sorted(_TYPE_HEADINGS, key=len, reverse=True)) + r")(?=$|\s|-|\d{1,2}$)"
)
# Codes inside a number: "1097-KL/TU", "158/2025/NĐ-CP", "04/VBHN-BYT", "51/2024/QH15".
_TYPE_CODES = [
    (re.compile(r"VBHN"), "Văn bản hợp nhất"),
    (re.compile(r"TTLT"), "Thông tư liên tịch"),
    (re.compile(r"(?:^|[-/])TB(?:[-/]|$)"), "Thông báo"),
    (re.compile(r"(?:^|[-/])KL(?:[-/]|$)"), "Kết luận"),
    (re.compile(r"(?:^|[-/])CT(?:[-/]|$)"), "Chỉ thị"),
    (re.compile(r"(?:^|[-/])NQ(?:[-/]|$)"), "Nghị quyết"),
    (re.compile(r"(?:^|[-/])KH(?:[-/]|$)"), "Kế hoạch"),
    (re.compile(r"(?:^|[-/])QĐ(?:[-/]|$)"), "Quyết định"),
    (re.compile(r"(?:^|[-/])NĐ(?:[-/]|$)"), "Nghị định"),
    (re.compile(r"(?:^|[-/])TT(?:[-/]|$)"), "Thông tư"),
    (re.compile(r"(?:^|[-/])BC(?:[-/]|$)"), "Báo cáo"),
    (re.compile(r"/QH\d+$"), "Luật"),
]

# "Số 1097-KL/TU", "Số: 158/2025/NĐ-CP": a code with a letter, so the arrival stamp "Số: 5412"
# is not taken for the document's number. A copy that kept the blank the number was typed into
# puts a space before the code ("Số:  372 /QĐ-BTC"); the number is stored without it.
_CODE = r"(\d+[\w.]*(?: ?[-/][\wĐđ.]+)+)"
_NUMBER_RE = re.compile(rf"^Số\s*:?\s*{_CODE}\s*$|(?:^|\s)[Ss]ố\s*:\s*{_CODE}(?=\s|$)")
# "Đắk Lắk, ngày 03 tháng 7 năm 2020"; gazette headers put it after the number on one line.
_PLACE_DATE_RE = re.compile(
    r"(?:^|(?<=\s))(?P<place>(?:Thành phố |Thị xã |Thị trấn |TP\. )?"
    r"[A-ZĐÀ-Ỹ][^\W\d_]*(?: [A-ZĐÀ-Ỹ][^\W\d_]*){0,3}),\s*ngày\s+(?P<d>\d{1,2})"
    r"\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)
_DMY = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_OPENING_DATE_RE = re.compile(rf"^{_DMY}", re.IGNORECASE)
_ADOPTED_RE = re.compile(rf"thông qua {_DMY}")
_DATELINE_RE = re.compile(r"^date\s+(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_DAY_MONTH_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})\b(?!/)")
_NEWS_LEAD_RE = re.compile(r"^date\s+\d{4}-\d{2}(?:-\d{2})?\s*(?:\([^)]*\))?\s*[-–]?\s*")
_TIME_OF_DAY_RE = re.compile(r"^(?:Sáng|Chiều|Trưa|Tối|Ngày)\s+(?:nay\s+)?\d{1,2}/\d{1,2},\s*")

_NOT_ISSUER = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẾN"}
# "KT. BỘ TRƯỞNG", also glued ("KT.THỐNG ĐỐC").
_SIGN_PREFIX_RE = re.compile(
    r"^(?:T/M|TM\.?|T/L|TL\.?|K\.?T\.?|Q\.|Q/|THỪA LỆNH|THAY MẶT)(?:\s|(?<=\.)(?=[A-ZĐ]))"
)
_SIGN_AUTHORITY_RE = re.compile(
    _SIGN_PREFIX_RE.pattern + r"|"
    r"^(?:PHÓ\s+)?(?:BÍ THƯ|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|CHÁNH VĂN PHÒNG|GIÁM ĐỐC|"
    r"TỔNG KIỂM TOÁN|CHÁNH ÁN|VIỆN TRƯỞNG|THỐNG ĐỐC|TRƯỞNG BAN)\b"
)
# The letterhead is the first lines: an office there ("THỦ TƯỚNG CHÍNH PHỦ") issues the text;
# further down, the same words belong to a signature.
_LETTERHEAD_LINES = 2
_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+"
_CONCLUDING_PERSON_RE = re.compile(
    rf"đồng chí ({_NAME_WORD}(?: {_NAME_WORD}){{1,4}}),[^.;:]{{0,80}}?kết luận"
)
# What a gazette copy prints with the signature: "[daky]", a glued remnant of it ("PHÓ THỦ
# TƯỚNGy]"), "(Đã ký)".
_SIGNED_MARK_RE = re.compile(r"\[?[a-z]*\]$|^\(?Đã ký\)?$", re.IGNORECASE)
# The signer's line: a name, after a military rank ("Thượng tướng Vũ Hải Sản"); a consolidated
# text's copy may run the next text on after it ("Cao Anh Tuấn năm 2025 của Chính phủ ...").
_SIGNER_NAME_RE = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu) (?:tướng|tá) )?"
    rf"(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{1,4}})(?:$| (?=[a-zđà-ỹ]))"
)
_RECIPIENTS_RE = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE)
_BULLET_RE = re.compile(r"^[-+•–]\s*")

# Caps headings turned into a title keep these terms capitalized.
_PROPER_TERMS = [
    "Quyền Bí thư", "Phó Bí thư", "Bí thư", "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Ban Thường vụ",
    "Ban Chấp hành", "Thường trực", "Đảng bộ", "Ủy ban nhân dân", "Hội đồng nhân dân",
    "Phó Chủ tịch", "Chủ tịch", "Chính phủ", "Thủ tướng", "Quốc hội", "Bộ Chính trị", "Trung ương",
]  # fmt: skip
_LOWERCASE_FIRST = ("Quy định", "Hướng dẫn", "Sửa đổi", "Ban hành", "Về ", "Bãi bỏ", "Phê duyệt")


def extract_metadata(text: str, source: Path) -> dict:
    """Metadata fields of one normalized notice; `source` only names it in the title fallback."""
    lines = text.split("\n")
    head = lines[:_HEAD_LINES]
    number = _find_number(lines)
    type_index, doc_type = _find_type_heading(head)
    if "VBHN" in number.upper():  # its heading names the amended text's type, not its own
        doc_type = "Văn bản hợp nhất"
    if not doc_type and _DATELINE_RE.match(text):
        doc_type = "Tin bài"
    if not doc_type:
        doc_type = _type_from_number(number)
    place, date = _find_place_date(lines)
    signer = _find_signer(lines)
    if not signer and doc_type not in ("Tin bài", ""):
        found = _CONCLUDING_PERSON_RE.search(text)
        signer = found.group(1) if found else ""
    return {
        "title": _title(lines, type_index, doc_type, source),
        "doc_type": doc_type,
        "number": number,
        "issuer": _find_issuer(head, type_index, number),
        "place": place,
        "date": date,
        "signer": signer,
        "recipients": _find_recipients(lines),
    }


def _find_number(lines: list[str]) -> str:
    # Consolidated texts (VBHN) print their number with the signature, after the body.
    for line in lines[:_HEAD_LINES] + lines[_HEAD_LINES:]:
        found = _NUMBER_RE.search(line)
        code = found and (found.group(1) or found.group(2))
        if code and re.search(r"[A-ZĐ]", code):
            return code.replace(" ", "").rstrip(".")
    return ""


def _find_type_heading(head: list[str]) -> tuple[int, str]:
    for i, line in enumerate(head):
        if not _is_caps(line):
            continue
        if "VĂN BẢN HỢP NHẤT" in line:
            return i, "Văn bản hợp nhất"
        found = _TYPE_HEADING_RE.match(line)
        if found:
            return i, _TYPE_HEADINGS[found.group(0)]
    return -1, ""


def _type_from_number(number: str) -> str:
    code = number.upper()
    for pattern, doc_type in _TYPE_CODES:
        if pattern.search(code):
            return doc_type
    return ""


def _find_issuer(head: list[str], type_index: int, number: str = "") -> str:
    end = type_index if type_index >= 0 else len(head)
    for i, line in enumerate(head[: end + 1]):
        if "VĂN BẢN HỢP NHẤT" in line and " - " in line:
            # "VĂN BẢN HỢP NHẤT - BỘ Y TẾ", or the name on the next line after a bare " -".
            name = line.split(" - ", 1)[1].strip() or line.rstrip(" -").split("NHẤT", 1)[1]
            if not name.strip(" -") and i + 1 < len(head) and _is_caps(head[i + 1]):
                name = head[i + 1]
            return name.strip(" -")
        if "VĂN BẢN HỢP NHẤT" in line and line.rstrip().endswith("-") and i + 1 < len(head):
            return head[i + 1].strip()
    for i, line in enumerate(head[:end]):
        in_letterhead = type_index >= 0 and i < _LETTERHEAD_LINES
        authority = _SIGN_PREFIX_RE if in_letterhead else _SIGN_AUTHORITY_RE
        if (
            _is_caps(line)
            and line not in _NOT_ISSUER
            and not authority.match(line)
            and not _TYPE_HEADING_RE.match(line)
        ):
            # "BỘ LAO ĐỘNG - THƯƠNG BINH" + "VÀ XÃ HỘI": one name over two lines.
            nxt = head[i + 1] if i + 1 < end else ""
            if _is_caps(nxt) and (nxt.startswith("VÀ ") or line.endswith(("-", " VÀ"))):
                return f"{line} {nxt}"
            return line
    return _issuer_from_number(number)


# The issuing body's code at the end of a number ("19/VBHN-VPQH", "141/NQ-CP", "21/CT-TTg"):
# consolidated texts and Laws often have no letterhead line naming it.
_ISSUER_CODES = {
    "TTG": "THỦ TƯỚNG CHÍNH PHỦ",
    "CP": "CHÍNH PHỦ",
    "QH": "QUỐC HỘI",
    "UBTVQH": "ỦY BAN THƯỜNG VỤ QUỐC HỘI",
    "VPQH": "VĂN PHÒNG QUỐC HỘI",
    "BTC": "BỘ TÀI CHÍNH",
    "BCT": "BỘ CÔNG THƯƠNG",
    "BYT": "BỘ Y TẾ",
    "BNV": "BỘ NỘI VỤ",
    "BTP": "BỘ TƯ PHÁP",
    "BCA": "BỘ CÔNG AN",
    "BQP": "BỘ QUỐC PHÒNG",
    "BKHCN": "BỘ KHOA HỌC VÀ CÔNG NGHỆ",
    "BKHĐT": "BỘ KẾ HOẠCH VÀ ĐẦU TƯ",
    "BNNMT": "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
    "BLĐTBXH": "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
    "BGDĐT": "BỘ GIÁO DỤC VÀ ĐÀO TẠO",
    "BXD": "BỘ XÂY DỰNG",
    "NHNN": "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM",
}


def _issuer_from_number(number: str) -> str:
    code = re.sub(r"\d+$", "", number.upper().rsplit("-", 1)[-1])
    return _ISSUER_CODES.get(code, "") if "-" in number else ""


def _find_place_date(lines: list[str]) -> tuple[str, str]:
    for line in lines[:_HEAD_LINES] + lines[-_TAIL_LINES:]:
        found = _PLACE_DATE_RE.search(line)
        if found:
            return found.group("place").strip(), _iso(found["y"], found["m"], found["d"])
    # "Ngày 25 tháng 3 năm 2024, Thường trực Tỉnh ủy làm việc ..." opens a meeting notice; a
    # date anywhere else in the head is usually a cited document's.
    for line in lines[:_HEAD_LINES]:
        found = _OPENING_DATE_RE.match(line)
        if found:
            return "", _iso(found.group(3), found.group(2), found.group(1))
    adopted = _ADOPTED_RE.findall("\n".join(lines[-_TAIL_LINES:]))
    if adopted:  # laws and resolutions: "... thông qua ngày 23 tháng 3 năm 2022."
        day, month, year = adopted[-1]
        return "", _iso(year, month, day)
    dateline = _DATELINE_RE.match(lines[0]) if lines else None
    if dateline:
        year, month, day = dateline.groups()
        if day:
            return "", _iso(year, month, day)
        # "date 2021-06 (LĐ online) - Chiều 15/6, ...": the lead's "15/6" names the day; it is
        # trusted only when its month agrees with the dateline's.
        lead = _NEWS_LEAD_RE.sub("", lines[0])[:40]
        day_month = _DAY_MONTH_RE.search(lead)
        if day_month and int(day_month.group(2)) == int(month):
            return "", _iso(year, month, day_month.group(1))
        return "", f"{year}-{month}"
    return "", ""


def _iso(year: str, month: str, day: str) -> str:
    y, m, d = int(year), int(month), int(day)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{m:02d}-{d:02d}"


def _find_signer(lines: list[str]) -> str:
    """The name under the notice's first signature block ("KT. THỦ TƯỚNG" / "PHÓ THỦ TƯỚNG" /
    "Phạm Thị Thanh Trà"). The first, not the last: a notice with appendices (a plan, a list of
    tasks, forms) signs before them, and what follows is the appendices' text ("NGƯỜI ĐỀ NGHỊ
    (Ký và ghi rõ họ tên)")."""
    after_authority = False
    for line in lines:
        line = _SIGNED_MARK_RE.sub("", line).strip()
        if not line:
            continue
        if _SIGN_AUTHORITY_RE.match(line):
            after_authority = True
        elif after_authority and (name := _SIGNER_NAME_RE.match(line)):
            return name.group("name")
        elif after_authority and not (_is_caps(line) or line.startswith("(")):
            after_authority = False
    return ""


def _find_recipients(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if not _RECIPIENTS_RE.match(line):
            continue
        recipients = []
        for item in lines[i + 1 :]:
            if not _BULLET_RE.match(item):
                break
            name = _BULLET_RE.sub("", item).rstrip(" ,;.")
            if name:
                recipients.append(name)
        return recipients
    return []


def _title(lines: list[str], type_index: int, doc_type: str, source: Path) -> str:
    if type_index >= 0:
        parts = [_caps_to_title(lines[type_index])]
        for offset, line in enumerate(lines[type_index + 1 : type_index + 4]):
            if line.startswith(("Căn cứ", "Ngày ", "Số")):
                break
            if len(line) > _TITLE_LINE_CHARS:
                if offset:
                    break  # body text, not the title's continuation
                # The subject line right under "NGHỊ QUYẾT" is the title however long it is:
                # without it the title would be the type word alone.
                parts.append(_shorten(line, _TITLE_LINE_CHARS) + "…")
                break
            if _is_caps(line) and offset and not _is_caps(lines[type_index + offset]):
                break  # "CHÍNH PHỦ" after the subject line is the enacting body, not the title
            if _is_caps(line):  # "KẾT LUẬN CỦA ..." continues "THÔNG BÁO": not a new sentence
                line = _caps_to_title(line)
                line = line[:1].lower() + line[1:]
            parts.append(line)
            if line[-1] in ".;:":
                break
        title = " ".join(parts).rstrip(" .;:")
        if title.startswith(_LOWERCASE_FIRST, len(parts[0]) + 1):
            cut = len(parts[0]) + 1
            title = title[:cut] + title[cut].lower() + title[cut + 1 :]
        return title
    for line in lines:
        lead = _TIME_OF_DAY_RE.sub("", _NEWS_LEAD_RE.sub("", line)).strip()
        if len(lead) >= 10 and not _NUMBER_RE.search(lead):
            return _shorten(re.split(r"[;.](?:\s|$)", lead, maxsplit=1)[0], 160)
    return source.stem


def _caps_to_title(line: str) -> str:
    """ "KẾT LUẬN CỦA ĐỒNG CHÍ QUYỀN BÍ THƯ TỈNH ỦY" -> "Kết luận của đồng chí Quyền Bí thư
    Tỉnh ủy": sentence case, known offices and bodies capitalized, acronyms (UBND) kept."""
    words = []
    for word in line.split():
        acronym = len(word) > 1 and not re.search(r"[AEIOUY]", strip_diacritics(word))
        words.append(word if acronym else word.lower())
    text = " ".join(words)
    for term in _PROPER_TERMS:
        text = re.sub(rf"(?<!\w){re.escape(term.lower())}(?!\w)", term, text)
    return text[:1].upper() + text[1:]


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0]


def _is_caps(line: str) -> bool:
    return line == line.upper() and line != line.lower()

"""Task tables: the appendix grids of Vietnamese plans and programmes.

A task table is announced by its header cells — "Nhiệm vụ" / "Tên nhiệm vụ", "Cơ quan chủ trì",
"Cơ quan phối hợp", "Kết quả" / "Sản phẩm", "Thời gian hoàn thành" / "Tiến độ" — and each row
gives one task: its number, the task cell, the lead cell, the supporters' cell, the result and
the deadline. Text extracted from a PDF gives one cell (or a piece of one) per line, repeats the
header at each page break, and sometimes glues the tail of a cell to a header line; the parser
works on those lines:

- a row starts at the next row number ("7", "7.", "7 Đề án ..."; also "... cân đối 15." where a
  group title runs into the number), and rows are numbered in order, so a footnote "1 Nghị quyết
  số ..." inside the table is text, not a row;
- the lead cell is the first line after the task cell that opens with a body name; a line ending
  in "và", "," or a bare "Bộ" goes on in the next line ("Bộ Khoa học và" + "Công nghệ");
- the deadline is a line (or two or three) that is a whole deadline cell ("Tháng" + "3/2026",
  "Quý I/2027", "2026 - 2027", "Thường xuyên"); a row with a second result and deadline after
  the first is a second record of the same lead;
- group titles ("II. ...", a bare "II", "IV Huy động ...") sit between rows, and rows may number
  on across groups or start again at 1 in each;
- after a row's deadline, sub-works of its task cell each with its own lead ("Công trình giao
  thông." + "Bộ Xây dựng") are records of their own that share the merged deadline cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core import dates as deadlines
from ingest import markers
from ingest.assignments.subjects import body_phrase_end

_HEADER_CELLS = (
    r"S?TT|Số TT|Tên nhiệm vụ(?: cụ thể)?|Nhiệm vụ(?: cụ thể|, giải pháp)?|"
    # A list of texts to amend, each with the body that drafts the amendment.
    r"Danh sách (?:các )?(?:VBQPPL|văn bản)[^|]*|Các (?:luật|nghị định|thông tư|văn bản)[^|]*|"
    # a bare "Văn bản" cell (NQ 17/2026/NQ-CP's appendix tables), not a cell's "Văn bản số ..."
    r"(?:Tên )?Văn bản(?!\s)|"
    r"Điều, khoản, điểm[^|]*|"
    r"Nội dung(?:,? nhiệm vụ| công việc)?|"
    r"Cơ quan chủ trì(?: thực hiện| soạn thảo)?|Đơn vị chủ trì|Cơ quan thực hiện|Cơ quan phối hợp|"
    r"Đơn vị phối hợp|Đơn vị thực hiện|"
    r"Cơ quan[,/] đơn vị (?:chủ trì|thực hiện|phối hợp)(?: thực hiện)?|"
    # plans' columns: "Hoạt động" / "Công việc" | "Chủ trì" | "Phối hợp" | "Lộ trình" (whole
    # lines only: as words they open cells)
    r"(?:Nội dung |Tên )?[Hh]oạt động(?=\s*$)|Công việc(?=\s*$)|Chủ trì(?=\s*$)|"
    r"Phối hợp(?=\s*$)|Lộ trình(?: thực hiện)?(?=\s*$)|(?:Thời gian|Thời hạn) trình|"
    r"Cấp ban hành|"
    # the body column that leads a table ("TT | Cơ quan, đơn vị | Nhiệm vụ | ..."): only as a
    # whole line, so that a cell "Đơn vị sự nghiệp ..." stays a cell ("Bộ, ngành, địa phương" is
    # a supporters' cell as often as a header: not here)
    r"(?:Cơ quan|Đơn vị|Cơ quan, đơn vị|Cơ quan/đơn vị|"
    r"Tên (?:cơ quan|đơn vị))(?: (?:chủ trì|thực hiện|được giao))?(?=\s*$)|"
    r"(?:Dự kiến |Nguồn )?[Kk]inh phí(?: thực hiện)?(?=\s*$)|"
    r"\(Bộ/ngành/địa phương\)|Kết quả|Sản phẩm|Kết quả/sản phẩm|Cấp phê duyệt|Cấp trình|"
    r"Thời gian hoàn thành|"
    r"Thời hạn hoàn thành|Thời gian thực hiện|Tiến độ thực hiện|Tiến độ|Thời hạn|Căn cứ bổ sung|"
    r"Ghi chú|Thời gian(?!\s)"
)
# A header cell, possibly followed by the tail of a cell that a page break glued to it.
_HEADER_RE = re.compile(rf"^(?:{_HEADER_CELLS})(?:\s+(?P<tail>.+))?$")
_TASK_HEADER_RE = re.compile(
    r"^(?:Tên nhiệm vụ|Nhiệm vụ|Nội dung|Danh sách (?:các )?(?:VBQPPL|văn bản)|"
    r"Các (?:luật|nghị định|thông tư|văn bản)[^|]*|(?:Tên )?Văn bản\s*$|"
    r"(?:Nội dung |Tên )?[Hh]oạt động\s*$|Công việc\s*$)"
)
_LEAD_HEADER_RE = re.compile(
    r"^(?:Cơ quan chủ trì|Đơn vị chủ trì|Cơ quan thực hiện|Đơn vị thực hiện|"
    r"Cơ quan[,/] đơn vị (?:chủ trì|thực hiện)|Chủ trì\s*$)"
)
_SUPPORT_HEADER_RE = re.compile(
    r"^(?:(?:Cơ quan|Đơn vị|Cơ quan[,/] đơn vị) phối(?: hợp)?|Phối hợp\s*$)", re.IGNORECASE
)
# The column of bodies when it comes before the tasks ("TT | Cơ quan chủ trì | Nhiệm vụ | ...",
# "STT | Cơ quan, đơn vị | Nhiệm vụ được giao | Thời hạn"): a whole header cell.
_BODY_COLUMN_RE = re.compile(
    r"^(?:Cơ quan|Đơn vị|Cơ quan, đơn vị|Cơ quan/đơn vị|Bộ, ngành(?:, địa phương)?|"
    r"Tên (?:cơ quan|đơn vị))(?: (?:chủ trì|thực hiện|được giao))?(?: thực hiện)?\s*$"
)
_BODY_COLUMN_ANY_CASE_RE = re.compile(_BODY_COLUMN_RE.pattern, re.IGNORECASE)
# A header printed in capitals ("CÁC NGHỊ ĐỊNH CẦN SỬA ĐỔI, BỔ SUNG" | "ĐIỀU, KHOẢN, ĐIỂM ..." |
# "CƠ QUAN CHỦ TRÌ SOẠN THẢO": NQ 22/2026/NQ-CP's appendix, tune half) is the same header; only
# a line wholly in capitals is read without case, so that a lowercase cell ("nội dung ...") stays
# a cell.
_HEADER_ANY_CASE_RE = re.compile(_HEADER_RE.pattern, re.IGNORECASE)
_TASK_HEADER_ANY_CASE_RE = re.compile(_TASK_HEADER_RE.pattern, re.IGNORECASE)
_LEAD_HEADER_ANY_CASE_RE = re.compile(_LEAD_HEADER_RE.pattern, re.IGNORECASE)
# The capital words that end such a header's cells on lines of their own ("BÃI BỎ", "SOẠN THẢO").
_HEADER_TAIL_WORDS = 3


def _header(text: str) -> re.Match | None:
    return _HEADER_RE.match(text) or (text.isupper() and _HEADER_ANY_CASE_RE.match(text)) or None


def _task_header(text: str) -> bool:
    return bool(
        _TASK_HEADER_RE.match(text) or (text.isupper() and _TASK_HEADER_ANY_CASE_RE.match(text))
    )


def _lead_header(text: str) -> bool:
    return bool(
        _LEAD_HEADER_RE.match(text) or (text.isupper() and _LEAD_HEADER_ANY_CASE_RE.match(text))
    )


def _body_column(text: str) -> bool:
    return bool(
        _BODY_COLUMN_RE.match(text) or (text.isupper() and _BODY_COLUMN_ANY_CASE_RE.match(text))
    )


_HEADER_LOOKAHEAD = 4  # the lead header follows the task header within this many cells
# A header printed in capitals whose cells the PDF cut over several lines ("CÁC LUẬT, NGHỊ ĐỊNH,
# QUYẾT ĐỊNH CỦA" + "THỦ TƯỚNG CHÍNH PHỦ, THÔNG TƯ" + "CẦN SỬA ĐỔI, BỔ SUNG" + "ĐIỀU, KHOẢN, ĐIỂM
# ..." + "BỔ SUNG, BÃI BỎ" + "CƠ QUAN CHỦ" + "TRÌ SOẠN" + "THẢO": NQ 24/2026/NQ-CP's appendix, tune
# half): the lookahead reaches over its capital lines, up to this many (that header has 8; a
# capital group title "I" + "NGHỊ ĐỊNH" after it is no header line, it carries a numeral or comes
# after the lead header).
_CAPS_HEADER_LINES = 10
# Not a cited article cut from its "khoản": "... khoản 2 Điều" + "2 Điều 17" (NQ 17/2026/NQ-CP's
# tables, tune half) is the same cell, not row 2.
_ROW_START_RE = re.compile(
    r"^(?P<n>\d{1,3}(?:\.\d{1,2})?)(?!\s+Điều\s+\d)\.?(?:\s+(?P<text>\S.*))?$"
)
_ROW_AT_END_RE = re.compile(r"^(?P<title>.+\S)\s+(?P<n>\d{1,3}(?:\.\d{1,2})?)\.$")
# A group title: "II. Nhiệm vụ ...", a bare "II" or "II." cell (its title on the next line), or
# "IV Huy động ..." without the dot.
_GROUP_RE = re.compile(r"^[IVXLC]{1,7}(?:\.\s|\s+(?P<title>[^\W\d_])|\.?$)")
# A group title the PDF ran into its first row's bare number: "VI Đẩy mạnh ... quốc tế 1".
_GROUP_THEN_FIRST_RE = re.compile(r"^[IVXLC]{1,7}\.?\s+\S.*\S\s+1$")
# A group title on its own line after a bare numeral ("I" + "Thực hiện hiệu quả công tác giáo
# dục chính trị ... tuyên truyền 1": NQ 105/NQ-CP's appendix, tune half) that the PDF ran into its
# first row's bare number.
_TITLE_THEN_ROW_RE = re.compile(r"^(?P<title>\S.*[^\W\d_])\s+(?P<n>\d{1,2})$")
# A group title that runs into its first row's number: "3. Tăng cường huy động ... 3.1", or a
# title line after a bare "6." that ends in "6.1".
_GROUP_THEN_ROW_RE = re.compile(
    r"^(?:(?P<group>\d{1,2})\.\s+)?(?P<title>\S.*\S)\s+(?P<n>(?P<first>\d{1,2})\.1)\.?$"
)
# Where a table ends: the next article ("Điều 5." — a bare "Điều 19" is a cell citing one),
# chapter, part or appendix, or a signature/title line.
# "Phụ lục V." alone on a line ends a cited "... Mẫu số 39 Phụ lục V." in a cell (NQ 17/2026/NQ-CP,
# tune half), not the table: an appendix's own title has no full stop after its number.
_END_RE = re.compile(
    r"^(?:Điều\s+\d+[a-zđ]?\s*[.:]|Chương\s+[IVXLC\d]+|Phần\s+|PHỤ LỤC|"
    r"Phụ lục(?!\s+[IVXLC\d][\w.]*\.\s*$)|Nơi nhận)"
)
# A line that ends a cell but not the name in it: "Bộ Khoa học và" / "Công nghệ", "Bộ Công" /
# "Thương", a committee's head "Ban Chỉ đạo" / "Phòng thủ dân sự quốc gia".
_CONTINUES_RE = re.compile(
    r"(?:\s(?:và|ở|của|các|cho)|[,:]|\s(?:Bộ|Sở|Ban|Ủy ban)|-|"
    r"(?:^|\s)(?:Bộ Công|Ban Chỉ (?:đạo|huy)|Hội đồng|Ủy ban))$"
)

_CELL_MAX_LINES = 3  # "Từ quý" + "III/2026" + "đến quý III/2030"


@dataclass
class _Line:
    text: str
    start: int
    end: int


@dataclass
class TableRow:
    """One record of a task table: cells as text, the span of the row in the notice."""

    task: str
    lead: str
    supporters: str
    result: str
    deadline_text: str
    deadline: str
    start: int
    end: int
    section: list[str] = field(default_factory=list)


def lines_of(text: str) -> list[_Line]:
    """The non-empty lines of a normalized notice with their offsets."""
    lines = []
    start = 0
    for raw in text.split("\n"):
        if raw.strip():
            lines.append(_Line(raw, start, start + len(raw)))
        start += len(raw) + 1
    return lines


# --- vertical task forms ------------------------------------------------------------------------

# One task written as labelled lines instead of a table row:
#   "a) Rà soát văn bản pháp luật" / "- Đơn vị chủ trì: Bộ Công an." / "- Thời gian thực hiện: Quý
#   IV năm 2026."  or  "Tên nhiệm vụ: ..." / "Cơ quan chủ trì: ..." / "Thời gian hoàn thành: ...".
_FORM_FIELD_RE = re.compile(
    r"^(?:[-–+•]\s*|\d{1,2}[.)]\s*|[a-zđ]\)\s*)?"
    r"(?P<field>Tên nhiệm vụ|Nhiệm vụ|Nội dung(?: nhiệm vụ| công việc)?|"
    r"(?:Cơ quan|Đơn vị|Cơ quan[,/] đơn vị) (?:chủ trì|thực hiện|phối hợp)(?: thực hiện)?|"
    r"Chủ trì|Phối hợp|"
    r"(?:Thời gian|Thời hạn) (?:hoàn thành|thực hiện|trình)|Tiến độ(?: thực hiện| hoàn thành)?|"
    r"Sản phẩm|Kết quả(?:/sản phẩm| đầu ra)?)\s*:\s*(?P<value>.*)$"
)
_FORM_TASK_FIELDS = ("Tên nhiệm vụ", "Nhiệm vụ", "Nội dung")
_LEAD_FIELDS = (
    "Cơ quan chủ trì",
    "Đơn vị chủ trì",
    "Cơ quan thực hiện",
    "Đơn vị thực hiện",
    "Cơ quan, đơn vị chủ trì",
    "Cơ quan/đơn vị chủ trì",
    "Cơ quan, đơn vị thực hiện",
    "Cơ quan/đơn vị thực hiện",
    "Chủ trì",
)
_SUPPORT_FIELDS = (
    "Cơ quan phối hợp",
    "Đơn vị phối hợp",
    "Cơ quan, đơn vị phối hợp",
    "Cơ quan/đơn vị phối hợp",
    "Phối hợp",
)
# Lines before the fields that may hold the task: the item's title and the paragraphs under it
# (each re-flowed into one line). Three held every form of the tune half; five lets a title stand
# over a few paragraphs.
_FORM_TASK_LINES = 5
_ITEM_START_RE = re.compile(r"^(?:[-–+•]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s)")


@dataclass
class FormTask:
    """One vertical task form: its task, lead, supporters and deadline cell as written."""

    task: str
    lead: str
    supporters: str
    deadline_text: str
    start: int
    end: int


def find_forms(lines: list[_Line], is_body_line) -> list[tuple[int, int, FormTask]]:
    """(first, last) line indexes and the task of each vertical task form. A form is a run of
    field lines with a lead ("Cơ quan chủ trì: Bộ Y tế") whose value opens with a body name, so a
    blank template ("Cơ quan chủ trì: ……") is none. Its task is the "Tên nhiệm vụ:" field, else
    the item just above the fields (its marker line and at most two lines after it)."""
    forms = []
    i = 0
    previous_end = -1
    while i < len(lines):
        if not _FORM_FIELD_RE.match(lines[i].text):
            i += 1
            continue
        run_end = i
        while run_end + 1 < len(lines) and _FORM_FIELD_RE.match(lines[run_end + 1].text):
            run_end += 1
        fields: dict[str, str] = {}
        for line in lines[i : run_end + 1]:
            found = _FORM_FIELD_RE.match(line.text)
            fields.setdefault(found.group("field"), found.group("value").strip(" .;"))
        lead = _field(fields, _LEAD_FIELDS)
        task = _field(fields, _FORM_TASK_FIELDS)
        deadline = _field(fields, ("Thời gian", "Thời hạn", "Tiến độ"))
        first = i
        # Without a "Tên nhiệm vụ:" field the task is the item above.
        if lead and is_body_line(lead) and not task and i > previous_end + 1:
            first = _form_task_start(lines, i, previous_end)
            task = " ".join(line.text for line in lines[first:i])
            task = task[_item_marker_len(task) :].strip()
            if _RESPONSIBLE_LABEL_RE.match(task) or (not deadline and task.endswith(":")):
                task = ""  # a statistics sheet names who compiles an indicator: no task
        elif lead and is_body_line(lead) and _field(fields, ("Nội dung",)) and i > previous_end + 1:
            # "1. Tổ chức phổ biến Luật" / "- Nội dung: ..." / "- Cơ quan chủ trì: ...": the
            # item's title names the task the "Nội dung:" field details
            title = i - 1
            if _ITEM_START_RE.match(lines[title].text) and not _FORM_FIELD_RE.match(
                lines[title].text
            ):
                first = title
                heading = lines[title].text[_item_marker_len(lines[title].text) :].strip()
                task = f"{heading.rstrip(' .:;')}: {task}"
        if lead and is_body_line(lead) and task:
            supporters = _field(fields, _SUPPORT_FIELDS)
            if first < i and not _field(fields, _FORM_TASK_FIELDS):
                for begin, end in _sibling_items(lines, first, previous_end):
                    sibling = " ".join(line.text for line in lines[begin:end])
                    sibling = sibling[_item_marker_len(sibling) :].strip()
                    form = FormTask(
                        sibling, lead, supporters, deadline, lines[begin].start, lines[end - 1].end
                    )
                    forms.append((begin, end - 1, form))
            form = FormTask(
                task, lead, supporters, deadline, lines[first].start, lines[run_end].end
            )
            forms.append((first, run_end, form))
            previous_end = run_end
        i = run_end + 1
    return forms


_MAX_SIBLINGS = 8  # items above the last one that share its fields


def _sibling_items(lines: list[_Line], first: int, previous_end: int) -> list[tuple[int, int]]:
    """(begin, end) line ranges of the items of the same list just above the item at ``first``
    that the form's fields follow: "a) Xây dựng Luật ..." / "b) Sửa đổi Nghị định ..." / "- Đơn
    vị chủ trì: ..." gives both items the fields. Lines of deeper items go with their item; a
    shallower item (the list's own title), a field line or the previous form ends the list."""
    level = markers.item_level(lines[first].text)
    if not level:
        return []
    rank = markers.LEVEL_ORDER.index(level)
    found: list[tuple[int, int]] = []
    end = first
    for index in range(first - 1, previous_end, -1):
        text = lines[index].text
        if _FORM_FIELD_RE.match(text) or len(found) >= _MAX_SIBLINGS:
            break
        other = markers.item_level(text)
        if not other or markers.LEVEL_ORDER.index(other) > rank:
            continue
        if other != level or _OWN_LEAD_RE.search(" ".join(x.text for x in lines[index:end])):
            break
        found.append((index, end))
        end = index
    return found[::-1]


# An item that names its own lead ("a) Bộ Tài chính chủ trì, phối hợp ...", "Giao Bộ Y tế ..."):
# not one of the items the fields below hand out.
_OWN_LEAD_RE = re.compile(r"\b(?:chủ trì|phối hợp với|[Gg]iao)\b")


# The item above a statistics sheet's fields: "5. Cơ quan chịu trách nhiệm thu thập, tổng hợp"
# then "- Chủ trì: ..." / "- Phối hợp: ...": who compiles an indicator, not a task (statistics
# circulars, unlabelled gazette files; a form without a deadline field is a task otherwise).
_RESPONSIBLE_LABEL_RE = re.compile(
    r"^(?:Cơ quan|Đơn vị|Trách nhiệm)[^.]{0,40}\b(?:chịu trách nhiệm|thu thập|tổng hợp|"
    r"cung cấp)\b",
    re.IGNORECASE,
)


def _field(fields: dict[str, str], names: tuple[str, ...]) -> str:
    """The value of the first field whose name starts with one of ``names``."""
    return next((value for name, value in fields.items() if name.startswith(names)), "")


def _form_task_start(lines: list[_Line], fields_at: int, previous_end: int) -> int:
    """The first line of the task above a form's fields: the nearest item marker line within
    a few lines, else the line just above."""
    lowest = max(previous_end + 1, fields_at - _FORM_TASK_LINES)
    for index in range(fields_at - 1, lowest - 1, -1):
        if _ITEM_START_RE.match(lines[index].text):
            return index
    return max(fields_at - 1, previous_end + 1)


def _item_marker_len(text: str) -> int:
    found = _ITEM_START_RE.match(text)
    return found.end() if found else 0


def _caps_header_line(text: str) -> bool:
    return text.isupper() and not re.search(r"\d", text)


def _header_reach(lines: list[_Line], index: int) -> int:
    """How many lines after a header's first cell may hold its lead or task cell: a few cells, or
    all the capital lines of a capital header cut over lines."""
    if not _caps_header_line(lines[index].text):
        return _HEADER_LOOKAHEAD
    reach = 0
    while (
        reach < _CAPS_HEADER_LINES
        and index + 1 + reach < len(lines)
        and _caps_header_line(lines[index + 1 + reach].text)
    ):
        reach += 1
    return max(_HEADER_LOOKAHEAD, reach)


def _cut_lead_header(lines: list[_Line], index: int) -> bool:
    """A capital lead header cut inside its first words: "CƠ QUAN CHỦ" + "TRÌ SOẠN" + "THẢO"."""
    if index + 1 >= len(lines) or not _caps_header_line(lines[index].text):
        return False
    joined = f"{lines[index].text.strip()} {lines[index + 1].text.strip()}"
    return _caps_header_line(lines[index + 1].text) and _lead_header(joined)


def find_tables(lines: list[_Line], is_body_line=None) -> list[tuple[int, int]]:
    """(first, last) line indexes of each task table, header included. Works on lines, not on
    heading-tree blocks: a numbered row whose task cell looks like a title is a heading there."""
    tables = []
    i = 0
    while i < len(lines):
        ahead = lines[i + 1 : i + 1 + _header_reach(lines, i)]
        leads: list[int] = []
        if _task_header(lines[i].text) and _header(lines[i].text):
            leads = [
                k
                for k, line in enumerate(ahead)
                if _lead_header(line.text) or _cut_lead_header(lines, i + 1 + k)
            ]
        elif _lead_header(lines[i].text) or _body_column(lines[i].text):
            # the bodies' column first, then the tasks' ("TT | Cơ quan chủ trì | Nhiệm vụ")
            leads = [k for k, line in enumerate(ahead) if _task_header(line.text)][:1]
        if leads:
            last = i + 1 + leads[0]
            # the header's own capital lines ("SOẠN THẢO") are no end of the table
            while (
                last + 1 < len(lines)
                and lines[last + 1].text.isupper()
                and not re.search(r"\d", lines[last + 1].text)
                and len(lines[last + 1].text.split()) <= _HEADER_TAIL_WORDS
            ):
                last += 1
            while last + 1 < len(lines) and not _ends_table(lines, last + 1, is_body_line):
                last += 1
            tables.append((i, last))
            i = last + 1
            continue
        i += 1
    return tables


# A group of a list of texts to amend, named by the kind of text in capitals: "II" + "NGHỊ ĐỊNH",
# "II NGHỊ ĐỊNH" (NQ 23/2026/NQ-CP's appendix tables, tune half).
_TEXT_KIND_GROUP_RE = re.compile(
    r"^(?:[IVXLC]{1,7}\.?\s+)?(?:NGHỊ ĐỊNH|NGHỊ QUYẾT|THÔNG TƯ(?: LIÊN TỊCH)?|QUYẾT ĐỊNH|LUẬT|"
    r"PHÁP LỆNH|CHỈ THỊ)\s*$"
)
# An appendix cited inside a cell rather than an appendix's own title: "Điểm c khoản 2 Điều 3" +
# "Phụ lục I" + "Bộ Giáo dục và Đào tạo", "Phụ lục I;", "Phụ lục I Nghị định số" (NQ 23/2026/NQ-CP,
# tune half). A title is followed by its name in capitals, "(Kèm theo ..." or another title.
_CITED_APPENDIX_RE = re.compile(
    r"^Phụ lục\s+[IVXLC\d][\w.]*(?:\s*[;,]|\s+(?![A-ZĐ\s]+$)[^\W\d_][^:]*)\s*$"
)


def _ends_table(lines: list[_Line], index: int, is_body_line=None) -> bool:
    """Whether the line at ``index`` ends the table it follows: ``_is_end``, but a group title
    naming a kind of text or a body ("I" + "BỘ CÔNG AN", "II. ỦY BAN NHÂN DÂN CÁC TỈNH") and an
    appendix cited in a cell go on."""
    text = lines[index].text
    if _TEXT_KIND_GROUP_RE.match(text):
        return False
    if text.isupper() and (_header(text) or _header_tail(lines, index)):
        # the header in capitals repeated after a page break ("NHIỆM VỤ" / "THỜI HẠN" / "HOÀN
        # THÀNH" / "CƠ QUAN CHỦ TRÌ"), a cell's words on lines of their own
        return False
    if is_body_line and text.isupper() and _caps_body(text, is_body_line):
        return False
    if _under_bare_numeral(lines, index):
        # "I" + "HOÀN THIỆN ĐỒNG BỘ THỂ CHẾ ..." + "PHÓNG SỨC SẢN XUẤT ...": a group title in
        # capitals under its bare numeral cell (NQ 109/NQ-CP's appendix IV, unlabelled), not
        # the next section
        return False
    if text.startswith("Phụ lục") and _END_RE.match(text):
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        titled = not following or following.startswith("(") or _is_end(following)
        return not (_CITED_APPENDIX_RE.match(text) or not titled)
    return _is_end(text)


_GROUP_NUMERAL_RE = re.compile(r"^[IVXLC]{1,7}\.?\s+")
_GROUP_TITLE_LINES = 6  # a group title in capitals wraps over at most this many lines (NQ 109: 5)


def _under_bare_numeral(lines: list[_Line], index: int) -> bool:
    """Whether the capitals at ``index`` go on a group title whose bare numeral ("I") is the
    line above it or above the capital lines before it."""
    if re.match(r"[IVXLC]{1,7}\s+[A-ZĐÀ-Ỹ]", lines[index].text):
        return True  # "IV ĐỘT PHÁ PHÁT TRIỂN ...": a numeral without a dot is a table's group
    for back in range(index - 1, max(-1, index - 1 - _GROUP_TITLE_LINES), -1):
        text = lines[back].text.strip()
        if re.fullmatch(r"[IVXLC]{1,7}\.?", text) or re.match(r"[IVXLC]{1,7}\s+[A-ZĐÀ-Ỹ]", text):
            return True
        if not text.isupper():
            return False
    return False


def _caps_body(text: str, is_body_line) -> str:
    """The body a group title in capitals names ("BỘ CÔNG AN" -> "Bộ Công An"), "" when it
    names none."""
    title = _GROUP_NUMERAL_RE.sub("", text).strip()
    if not title or not title.isupper():
        return ""
    words = [word[:1] + word[1:].lower() for word in title.split()]
    name = " ".join(words)
    return name if is_body_line(name) else ""


def _header_tail(lines: list[_Line], index: int) -> bool:
    """Whether the short capitals at ``index`` end a header cell cut over lines ("CẤP TRÌNH/" +
    "PHÊ DUYỆT", "CƠ QUAN PHỐI" + "HỢP"): a header line is at most three lines above, with only
    such short capitals between."""
    if _GROUP_RE.match(lines[index].text):
        return False  # "I", "II." under the header: a group's numeral
    for back in range(index, max(-1, index - 4), -1):
        text = lines[back].text
        if back < index and _header(text):
            return True
        if not text.isupper() or len(text.split()) > _HEADER_TAIL_WORDS:
            return False
    return False


def _is_end(text: str) -> bool:
    """The next article or part, or an all-capitals title or signature line ("KT. THỦ TƯỚNG");
    not a cell written in capitals ("III/2026", "NQ/TW1", "XVI")."""
    if _END_RE.match(text):
        return True
    words = [
        w
        for w in text.split()
        if re.fullmatch(r"[^\W\d_]{2,}\.?", w) and not re.fullmatch(r"[IVXLC]+\.?", w)
    ]
    return text.isupper() and len(words) >= 2


def parse_table(table: list[_Line], is_body_line, is_verb) -> list[TableRow]:
    """The rows of one task table (its lines, header first). ``is_body_line(text)`` says whether a
    line opens with a body name; ``is_verb(text)`` whether it opens with a directive verb."""
    rows: list[list[_Line]] = []
    breaks: dict[int, int] = {}  # row index -> where a repeated header cut it
    body_first = _is_body_first(table)
    deadline_first = not body_first and _is_deadline_first(table)
    # "Cơ quan phối hợp" among the header cells: rows have two body cells
    supporters_column = any(
        _SUPPORT_HEADER_RE.match(line.text) for line in table[: 2 * _HEADER_LOOKAHEAD + 2]
    )
    group_leads: dict[int, str] = {}  # first row index of a group -> the body the group names
    current: list[_Line] | None = None
    last: tuple[int, ...] = ()
    # Rows may number on across groups (I: 1-10, II: 11-15) or start again at 1 in each.
    after_group = False
    for index, line in enumerate(table):
        text = line.text
        if after_group and _ROW_START_RE.match(text):
            if _row_id(_ROW_START_RE.match(text).group("n")) in ((1,), (1, 1)):
                last = ()
        header = _header(text)
        if header:
            tail = header.group("tail")
            if current and rows and rows[-1] is current and len(rows) - 1 not in breaks:
                breaks[len(rows) - 1] = len(current)  # a page break inside the row
            if tail and current is not None:  # a cell's tail glued to a repeated header
                current.append(_Line(tail, line.end - len(tail), line.end))
            continue
        if text.isupper() and _header_tail(table, index):
            continue  # "CƠ QUAN PHỐI" + "HỢP": the rest of a repeated header cell
        group_row = _GROUP_THEN_ROW_RE.match(text)
        if (
            group_row
            and group_row.group("group") in (None, group_row.group("first"))
            and _follows(last, _row_id(group_row.group("n")))
        ):
            current, last = [], _row_id(group_row.group("n"))
            rows.append(current)
            continue
        at_end = _ROW_AT_END_RE.match(text)
        start = _ROW_START_RE.match(text)
        if start and _follows(last, _row_id(start.group("n"))):
            number = _row_id(start.group("n"))
            if len(number) == 1 and _opens_group(table, index, number):
                current, last = None, number + (0,)  # "2. <group title>" then "2.1"
                continue
            current, last, after_group = [], number, False
            rows.append(current)
            if start.group("text"):
                rest = start.group("text")
                current.append(_Line(rest, line.end - len(rest), line.end))
            continue
        if at_end and _follows(last, _row_id(at_end.group("n"))):
            current, last = [], _row_id(at_end.group("n"))  # "IV. <group title> ... 15."
            rows.append(current)
            continue
        if _group_title(text) and not (index and _QUARTER_WORD_RE.search(table[index - 1].text)):
            current = None  # a group title between rows
            after_group = True
            named = _caps_body(text, is_body_line)
            if named:  # "I. BỘ CÔNG AN"
                group_leads[len(rows)] = named
                continue
            if _GROUP_THEN_FIRST_RE.match(text):
                current, last, after_group = [], (1,), False
                rows.append(current)
            continue
        titled = _TITLE_THEN_ROW_RE.match(text) if after_group and current is None else None
        if titled and _follows(() if titled.group("n") == "1" else last, (int(titled.group("n")),)):
            current, last, after_group = [], (int(titled.group("n")),), False
            rows.append(current)
            continue
        if (
            after_group
            and current is None
            and (is_body_line(text) or _caps_body(text, is_body_line))
        ):
            # "I" + "Bộ Tài chính" / "BỘ CÔNG AN": the group's body, the lead of its rows that
            # name none
            group_leads[len(rows)] = _caps_body(text, is_body_line) or text
            continue
        if current is not None:
            current.append(line)
    parsed: list[TableRow] = []
    group_lead = ""
    for index, lines in enumerate(rows):
        group_lead = group_leads.get(index, group_lead)
        if body_first:
            above = group_lead or (parsed[-1].lead if parsed else "")
            records = _body_first_row(lines, above, is_body_line, is_verb)
            if records and records[0].lead and parsed and not parsed[0].lead:
                for record in parsed:  # rows above the first name: that name's
                    record.lead = record.lead or records[0].lead
            parsed.extend(records)
            continue
        if deadline_first:
            parsed.extend(_deadline_first_row(lines, is_body_line, is_verb))
            continue
        if index in breaks:
            lines = _rejoin_split_row(lines, breaks[index], is_body_line)
        records = _row_records(lines, is_body_line, is_verb, supporters_column)
        if not records and lines and group_lead:
            # a row under a group named by its body, with no lead cell of its own
            records = _body_first_row(lines, group_lead, is_body_line, is_verb)
        elif not records and lines and parsed:
            records = [_merged_lead_row(lines, parsed[-1])]
        parsed.extend(records)
    return [row for row in parsed if row.lead]


_DEADLINE_HEADER_RE = re.compile(r"^(?:Thời hạn|Thời gian|Tiến độ)", re.IGNORECASE)


def _is_deadline_first(table: list[_Line]) -> bool:
    """Whether the header puts the deadline column between the tasks and the lead ("NHIỆM VỤ |
    THỜI HẠN HOÀN THÀNH | CƠ QUAN CHỦ TRÌ | CƠ QUAN PHỐI HỢP": NQ 109/NQ-CP's appendix III,
    unlabelled)."""
    for line in table[: 2 * _HEADER_LOOKAHEAD + 2]:
        if _lead_header(line.text):
            return False
        if _DEADLINE_HEADER_RE.match(line.text):
            return True
    return False


# Sub-leads numbered inside a lead cell: "1. Bộ Tài chính tổng kết ... (trong Quý II/2026)." /
# "2. Bộ Tư pháp, các bộ, cơ quan tham mưu ...".
_SUB_LEAD_RE = re.compile(r"^(?P<n>\d{1,2})\.\s+(?=\S)")


def _deadline_first_row(lines: list[_Line], is_body_line, is_verb) -> list[TableRow]:
    """The records of a row whose deadline cell comes before its lead: the task cell up to the
    deadline (a deadline the PDF ran into the task's last line is cut off it), the lead cell
    after it and the supporters' cell after that. A lead cell may give the lead's own part of
    the work ("Bộ Tư pháp chủ trì hướng dẫn, tổng hợp, báo cáo") or several numbered leads each
    with theirs ("1. Bộ Tài chính tổng kết ... (trong Quý II/2026)." / "2. Bộ Tư pháp ..."): one
    record per lead, its part after the task, its own date when it names one."""
    lines = _join_dangling(lines)
    at = next((i for i in range(1, len(lines)) if _deadline_at(lines, i)), None)
    if at is None:
        for i, line in enumerate(lines):
            glued = _GLUED_DEADLINE_RE.search(line.text)
            if glued and i + 1 < len(lines):
                cut = line.start + glued.start()
                lines = [
                    *lines[:i],
                    _Line(line.text[: glued.start()].rstrip(), line.start, cut),
                    _Line(glued.group(0).strip(), cut, line.end),
                    *lines[i + 1 :],
                ]
                at = i + 1
                break
    if at is None or at + 1 >= len(lines):
        return []
    size = _deadline_at(lines, at) or 1
    task = _join(lines[:at])
    cell = _join(lines[at : at + size])
    deadline = deadlines.parse_deadline_cell(cell)
    rest = lines[at + size :]
    lead_end = 1
    numbered = bool(_SUB_LEAD_RE.match(rest[0].text))
    while lead_end < len(rest) and (
        rest[lead_end].text[:1].islower()
        or rest[lead_end].text.startswith("(")
        or _CONTINUES_RE.search(rest[lead_end - 1].text)
        or (numbered and _SUB_LEAD_RE.match(rest[lead_end].text))
    ):
        lead_end += 1
    lead_text = _join(rest[:lead_end])
    supporters = _join(rest[lead_end:])
    pieces = (
        [p.strip() for p in re.split(r"(?:^|\s)\d{1,2}\.\s+(?=[A-ZĐÀ-Ỹ])", lead_text) if p.strip()]
        if numbered
        else [lead_text]
    )
    records = []
    for piece in pieces:
        lead, role = _split_lead_role(piece, is_body_line, is_verb)
        if not lead:
            continue
        own = deadlines.parse_deadline(role, "")[1] if role else ""
        records.append(
            TableRow(
                task=f"{task} — {role}" if role else task,
                lead=lead,
                supporters=supporters,
                result="",
                deadline_text=cell,
                deadline=own or deadline,
                start=lines[0].start,
                end=rest[lead_end - 1].end,
            )
        )
    return records


# A deadline the PDF ran into the end of the task cell: "... các văn bản hướng dẫn thi hành Quý
# IV/2026".
_GLUED_DEADLINE_RE = re.compile(
    r"\s(?:(?:Trong\s+)?[Qq]uý\s+(?:IV|III|II|I)\s*/\s*\d{4}|[Tt]háng\s+\d{1,2}\s*/\s*\d{4}|"
    r"[Nn]ăm\s+\d{4})$"
)


def _split_lead_role(text: str, is_body_line, is_verb) -> tuple[str, str]:
    """(the bodies, the part of the work they are given) of a lead cell: "Bộ Tư pháp chủ trì
    hướng dẫn, tổng hợp, báo cáo" -> ("Bộ Tư pháp", "chủ trì hướng dẫn, tổng hợp, báo cáo");
    ("", "") when it opens with no body."""
    text = text.strip(" .;")
    for found in re.finditer(r"\s+", text):
        head, rest = text[: found.start()].rstrip(" :,"), text[found.end() :]
        if is_verb(rest) and is_body_line(head):
            return head, rest
    # a verb the directive list lacks ("Bộ Tài chính tổng kết, đánh giá ..."): the body phrase
    end = body_phrase_end(text, 0)
    head = text[:end].rstrip(" ,")
    if 0 < end < len(text) and is_body_line(head) and text[end:].strip()[:1].islower():
        return head, text[end:].strip()
    return (text, "") if is_body_line(text) else ("", "")


def _is_body_first(table: list[_Line]) -> bool:
    """Whether the header names the bodies' column before the tasks' ("TT | Cơ quan chủ trì |
    Nhiệm vụ | Thời hạn")."""
    for line in table[: _HEADER_LOOKAHEAD + 2]:
        if _task_header(line.text):
            return False
        if _lead_header(line.text) or _body_column(line.text):
            return True
    return False


# A bullet inside a task cell: "- Xây dựng ...", "+ Hoàn thiện ...".
_CELL_BULLET_RE = re.compile(r"^[-–+•]\s+(?=\S)")


def _unglue_first_lead(lines: list[_Line], is_body_line, is_verb) -> list[_Line]:
    """The first line split into the lead cell and the task when the PDF ran the two together
    ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương Bố trí kinh phí ...": a body, then
    a capitalised directive verb)."""
    first = lines[0]
    if is_body_line(first.text):
        return lines
    for found in re.finditer(r"\s+(?=[A-ZĐÀ-Ỹ])", first.text):
        head, rest = first.text[: found.start()], first.text[found.end() :]
        if is_body_line(head) and is_verb(rest):
            return [
                _Line(head, first.start, first.start + len(head)),
                _Line(rest, first.start + found.end(), first.end),
                *lines[1:],
            ]
    return lines


def _name_first(lines: list[_Line], is_body_line) -> list[_Line]:
    """The row's lines with the body's name first when a merged lead cell printed it in the
    middle of the row ("Xây dựng hệ thống ..." / "Bộ Công an" / "... dữ liệu quốc gia" /
    "Bộ Tư pháp" / "Quý IV/2026"): of the body cells before the deadline, the first is the lead
    when there are two, or when the task goes on after it; a lone body cell right before the
    deadline is the supporters'."""
    if not lines or is_body_line(lines[0].text):
        return lines
    end = next((i for i in range(len(lines)) if _deadline_at(lines, i)), len(lines))
    cells, i = [], 0
    while i < end:
        if is_body_line(lines[i].text):
            after = _cell(lines, i)
            cells.append((i, min(after, end)))
            i = after
        else:
            i += 1
    if not cells:
        return lines
    begin, stop = cells[0]
    task_goes_on = stop < end and not is_body_line(lines[stop].text)
    if len(cells) < 2 and not task_goes_on:
        return lines
    return [*lines[begin:stop], *lines[:begin], *lines[stop:]]


def _supporters_then_deadline(rest: list[_Line], is_body_line) -> tuple[int, str]:
    """In the lines after a row's lead: where the supporters' cell ends (0: no supporters) and
    the first whole deadline cell after it ("" when none)."""
    support_end = _cell(rest, 0) if rest and is_body_line(rest[0].text) else 0
    at = next((i for i in range(support_end, len(rest)) if _deadline_at(rest, i)), None)
    cell = _join(rest[at : at + _deadline_at(rest, at)]) if at is not None else ""
    return support_end, cell


def _unnamed_row(
    task_lines: list[_Line], rest: list[_Line], lead: str, is_body_line
) -> list[TableRow]:
    """The record of a row whose lead cell is merged with another row's: its task, the
    supporters' cell and the deadline after it, under ``lead`` ("" until a name is found)."""
    support_end, cell = _supporters_then_deadline(rest, is_body_line)
    last = rest[-1] if rest else task_lines[-1]
    return [
        TableRow(
            task=_join(task_lines),
            lead=lead,
            supporters=_join(rest[:support_end]),
            result="",
            deadline_text=cell,
            deadline=deadlines.parse_deadline_cell(cell) if cell else "",
            start=task_lines[0].start,
            end=last.end,
        )
    ]


def _body_first_row(lines: list[_Line], above: str, is_body_line, is_verb) -> list[TableRow]:
    """The records of a row whose first cell is the body: the lead cell (or, when a lead cell
    merged over several rows was printed above, that body), the task cell up to the next body
    (the supporters) or deadline cell, then the rest as in a task-first row. A task cell that
    lists several bullets ("- Xây dựng ..." / "- Hoàn thiện ...") gives one record per bullet,
    each with the row's lead, supporters and deadline."""
    lines = _join_dangling(lines)
    if not lines:
        return []
    lines = _unglue_first_lead(lines, is_body_line, is_verb)
    lines = _name_first(lines, is_body_line)
    if is_body_line(lines[0].text):
        lead_end = _cell(lines, 0)
        lead = lines[:lead_end]
    else:
        # a lead cell merged over several rows and printed in another of them: the body above,
        # or (rows before the first name) none yet, filled from the next name by the caller
        lead_end, lead = 0, [_Line(above, lines[0].start, lines[0].start)]
    task_end = lead_end + 1
    while (
        task_end < len(lines)
        and not is_body_line(lines[task_end].text)
        and not _deadline_at(lines, task_end)
    ):
        task_end += 1
    task_lines = lines[lead_end:task_end]
    if not task_lines:
        return []
    if lead_end:
        records = _row_records([*task_lines, *lead, *lines[task_end:]], is_body_line, is_verb)
    else:
        records = _unnamed_row(task_lines, lines[task_end:], above, is_body_line)
    bullets = [i for i, line in enumerate(task_lines) if _CELL_BULLET_RE.match(line.text)]
    if len(records) != 1 or len(bullets) < 2:
        return records
    row, split = records[0], []
    if bullets[0] > 0:
        bullets.insert(0, 0)  # a title line before the bullets goes with the first of them
    for begin, end in zip(bullets, [*bullets[1:], len(task_lines)], strict=True):
        piece = task_lines[begin:end]
        text = _CELL_BULLET_RE.sub("", _join(piece))
        split.append(
            TableRow(
                task=text,
                lead=row.lead,
                supporters=row.supporters,
                result=row.result,
                deadline_text=row.deadline_text,
                deadline=row.deadline,
                start=piece[0].start,
                end=piece[-1].end,
            )
        )
    return split


# The piece of a name that finishes a lead cut by a page break, at the start of the line of tails:
# a capitalised syllable and the lowercase one of its word ("Công nghệ" of "Công nghệ và doanh
# nghiệp liên quan chuẩn được ban hành"), up to two such words ("Thể thao và Du lịch" is longer
# and stays cut).
_NAME_TAIL_RE = re.compile(
    r"^[A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+[^\W\d_A-ZĐ][^\W\d_]*)?(?=\s+và\b|\s*[,(]|\s*$)"
)


def _rejoin_split_row(lines: list[_Line], at: int, is_body_line) -> list[_Line]:
    """A row a page break cut after the first line of each cell: "Nghiên cứu xây dựng tiêu
    chuẩn cơ" / "Bộ Khoa học và" / "Cơ quan, tổ chức" / "Tiêu chuẩn, quy" / "Quý IV/2026", then
    the repeated header, then the cells' tails in column order ("sở, tiêu chuẩn quốc gia ...
    công nghệ lõi." / "Công nghệ" / "và doanh nghiệp" ...: QĐ 982/QĐ-TTg's appendix, tune half).
    The lead line that ends in a joiner takes the first short capitalised tail that completes it
    into a body name, and the task takes the lowercase tail lines before that; the other tails
    (supporters, results) stay after the row's deadline, where they are no cell. Other rows are
    returned as they are."""
    before, after = lines[:at], lines[at:]
    lead_at = next((i for i in range(1, len(before)) if is_body_line(before[i].text)), None)
    if (
        lead_at is None
        or not _CONTINUES_RE.search(before[lead_at].text)
        or not after
        # the name goes on in the next line ("Bộ Khoa học và" + "Công nghệ"): no cut; only a
        # next cell that opens with a body ("Cơ quan, tổ chức") shows the tail went elsewhere
        or lead_at + 1 >= len(before)
        or not is_body_line(before[lead_at + 1].text)
    ):
        return lines
    for i, line in enumerate(after):
        tail = _NAME_TAIL_RE.match(line.text)
        if (
            not tail
            or is_body_line(tail.group(0))  # a body of its own ("Cơ quan, tổ chức ..."), no tail
            or not is_body_line(f"{before[lead_at].text} {tail.group(0)}")
        ):
            continue
        task_tail = after[:i] if after[0].text[:1].islower() else []
        end = line.start + tail.end()
        lead = _Line(f"{before[lead_at].text} {tail.group(0)}", before[lead_at].start, end)
        rest = line.text[tail.end() :].strip()
        others = [_Line(rest, line.end - len(rest), line.end)] if rest else []
        return [
            *before[:lead_at],
            *task_tail,
            lead,
            *before[lead_at + 1 :],
            *others,
            *after[i + 1 :],
        ]
    return lines


def _merged_lead_row(lines: list[_Line], above: TableRow) -> TableRow:
    """A row with no lead cell of its own: a lead cell merged over several rows is printed once,
    in the first of them ("Nghị định số 144/2020/NĐ-CP" under "Bộ Văn hóa, Thể thao và Du
    lịch" above); the merged supporters and deadline cells go with it."""
    return TableRow(
        task=_join(lines),
        lead=above.lead,
        supporters=above.supporters,
        result="",
        deadline_text=above.deadline_text,
        deadline=above.deadline,
        start=lines[0].start,
        end=lines[-1].end,
    )


# "Quý" + "II" + "năm 2026": a numeral after it is a quarter, not a group.
_QUARTER_WORD_RE = re.compile(r"\b[Qq]uý$")


def _group_title(text: str) -> bool:
    """ "II. Nhiệm vụ ...", a bare "II", or "IV Huy động ..." (a capital after the numeral)."""
    found = _GROUP_RE.match(text)
    return bool(found) and (found.group("title") is None or found.group("title").isupper())


def _row_id(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def _follows(last: tuple[int, ...], number: tuple[int, ...]) -> bool:
    """Rows are numbered in order: 1, 2, 3 or 1.1, 1.2, 2.1; a footnote "1 Nghị quyết ..." in
    the middle of the table is not the next row."""
    if not last:
        return number in ((1,), (1, 1))
    if len(number) == 1:
        return number[0] == last[0] + 1
    if len(last) == 1:
        # a row with a lead of its own, then its sub-rows: "2" then "2.1 Theo dõi ..."
        return number == (last[0], 1)
    return number == (last[0], last[1] + 1) or number == (last[0] + 1, 1)


def _opens_group(table: list[_Line], index: int, number: tuple[int, ...]) -> bool:
    """ "2. Đẩy mạnh ..." followed (within a few lines) by a "2.1" row is a group title."""
    for line in table[index + 1 : index + 1 + _HEADER_LOOKAHEAD]:
        found = _GROUP_THEN_ROW_RE.match(line.text) or _ROW_START_RE.match(line.text)
        if found:
            return _row_id(found.group("n")) == (number[0], 1)
    return False


def _cell(lines: list[_Line], first: int) -> int:
    """Index after the cell that begins at ``first``: lines ending in a joiner go on."""
    last = first
    while (
        last + 1 < len(lines)
        and (_CONTINUES_RE.search(lines[last].text) or lines[last + 1].text[:1].islower())
        # "Các đơn vị thuộc Bộ" + "Tháng 9/2026": a whole deadline cell is a cell of its own
        and not deadlines.CELL_RE.match(lines[last + 1].text)
    ):
        last += 1
    return last + 1


def _deadline_at(lines: list[_Line], index: int) -> int:
    """How many lines from ``index`` make a whole deadline cell (0: none)."""
    for size in range(1, _CELL_MAX_LINES + 1):
        if index + size > len(lines):
            break
        words = " ".join(line.text for line in lines[index : index + size])
        if deadlines.CELL_RE.match(words):
            # "Tháng" + "3/2026": take the longest cell that still matches.
            longer = " ".join(line.text for line in lines[index : index + size + 1])
            if index + size < len(lines) and deadlines.CELL_RE.match(longer):
                continue
            return size
    return 0


# A body name that a PDF glued to the end of the task cell, and the next one after it.
_GLUED_BODY_RE = re.compile(
    r"\s(?=(?:Bộ|Ủy ban nhân dân|Ngân hàng Nhà nước|Bảo hiểm xã hội|Văn phòng|Thanh tra|"
    r"Kiểm toán)\s+[A-ZĐ]|Các\s+(?:bộ|cơ quan|đơn vị|địa phương|sở|tỉnh)\b)"
)


# A line that ends inside a noun phrase: "Nghị định của" + "Chính phủ" (a comma may end a task
# cell that goes on after a page break, so it does not count here).
_OF_END_RE = re.compile(r"\s(?:của|cho|ở|và|với)$")


def _lead_line(lines: list[_Line], is_body_line, is_verb) -> int | None:
    """The first line after the task cell that opens with a body and does not go on the line
    before it ("Nghị định của" + "Chính phủ" is a result, not a lead)."""
    for i in range(1, len(lines)):
        if _OF_END_RE.search(lines[i - 1].text):
            continue
        if is_body_line(lines[i].text) and not is_verb(lines[i].text):
            return i
    return None


def _unglue_lead(line: _Line, is_body_line) -> list[_Line] | None:
    """The task line split into task, lead and supporters when the PDF glued the lead and
    supporters cells to the end of the task cell; None when it did not."""
    for found in _GLUED_BODY_RE.finditer(line.text):
        tail = line.text[found.end() :]
        if not is_body_line(tail):
            continue
        parts = [line.text[: found.start()]]
        cuts = [found.end()] + [found.end() + m.end() for m in _GLUED_BODY_RE.finditer(tail)][:1]
        for begin, end in zip(cuts, [*cuts[1:], len(line.text)], strict=True):
            parts.append(line.text[begin:end].strip())
        result, offset = [], line.start
        for part in parts:
            at = line.text.find(part, offset - line.start)
            result.append(_Line(part, line.start + at, line.start + at + len(part)))
            offset = line.start + at + len(part)
        return result
    return None


# A cell line that is only the head of a name the next line finishes: "Các" + "Bộ, ngành, địa
# phương", "Bộ" + "Nội vụ," (a narrow column breaks after the first word).
_DANGLING_HEAD_RE = re.compile(r"^(?:[Cc]ác|Bộ|Sở|Ban|Ủy ban|UBND)$")


def _join_dangling(lines: list[_Line]) -> list[_Line]:
    joined: list[_Line] = []
    for line in lines:
        if joined and _DANGLING_HEAD_RE.match(joined[-1].text):
            head = joined.pop()
            line = _Line(f"{head.text} {line.text}", head.start, line.end)
        joined.append(line)
    return joined


def _row_records(
    lines: list[_Line], is_body_line, is_verb, supporters_column: bool = False
) -> list[TableRow]:
    lines = _join_dangling(lines)
    if len(lines) < 2:
        return []
    numbered = _numbered_leads(lines, is_body_line, is_verb)
    if numbered:
        return numbered
    lead_at = _lead_line(lines, is_body_line, is_verb)
    first_date = next((i for i in range(1, len(lines)) if _deadline_at(lines, i)), None)
    if lead_at is not None and first_date is not None and lead_at > first_date:
        # a body after the deadline is a "Cấp trình" cell ("Quốc hội, Chính phủ"): the lead was
        # run into the task's last line ("... và nguồn lực khác Bộ Tài chính và các bộ, ngành")
        lead_at = None
    if lead_at is None:
        glued = _unglue_lead(lines[0], is_body_line)
        if glued:  # "Xây dựng Nghị định ... theo lộ trình phù hợp Bộ Y tế Bộ Tài chính, các bộ"
            lines = glued + lines[1:]
            lead_at = 1
    elif supporters_column and not _next_is_body(lines, lead_at, is_body_line):
        # One body cell where the header has two: the PDF ran the lead into the task's last
        # line ("... của Luật Dữ liệu Bộ Công an" / "Các bộ, ngành" / "Tháng 6/2026"), and the
        # cell found is the supporters'.
        glued = _unglue_lead(lines[lead_at - 1], is_body_line)
        if glued and not _OBJECT_END_RE.search(glued[0].text):
            # the glued body takes the lead's place; the cell found follows it as supporters
            lines = [*lines[: lead_at - 1], glued[0], glued[1], *lines[lead_at:]]
    if lead_at is None:
        return []
    lead_end = _cell(lines, lead_at)
    support_end = lead_end
    if lead_end < len(lines) and is_body_line(lines[lead_end].text):
        support_end = _cell(lines, lead_end)
    task = _join(lines[:lead_at])
    lead = _join(lines[lead_at:lead_end])
    supporters = _join(lines[lead_end:support_end])
    records = []
    result_from = support_end
    i = support_end
    while i < len(lines):
        size = _deadline_at(lines, i)
        if not size:
            i += 1
            continue
        cell = _join(lines[i : i + size])
        result = _join(lines[result_from:i])
        if records and not result:
            # a cell right after the deadline with no result between ("2026 - 2030" + "Theo
            # thẩm quyền" in a "Cấp trình" column: NQ 109/NQ-CP's appendix IV, unlabelled) is no
            # second piece of work
            i += size
            result_from = i
            continue
        records.append(
            TableRow(
                task=task if not records else f"{task} — {result}",
                lead=lead,
                supporters=supporters,
                result=result,
                deadline_text=cell,
                deadline=deadlines.parse_deadline_cell(cell),
                start=lines[0].start if not records else lines[result_from].start,
                end=lines[i + size - 1].end,
            )
        )
        i += size
        result_from = i
    if records:
        records.extend(_sub_rows(lines[result_from:], records[-1], task, is_body_line))
    if not records:
        records.append(
            TableRow(
                task,
                lead,
                supporters,
                _join(lines[support_end:]),
                "",
                "",
                lines[0].start,
                lines[-1].end,
            )
        )
    return records


def _numbered_leads(lines: list[_Line], is_body_line, is_verb) -> list[TableRow]:
    """The records of a task-first row whose lead cell numbers several leads, each with its part
    ("1. Bộ Tài chính đối với Xây dựng cơ chế ... khu thương mại tự do." / "2. Bộ KHCN đối với
    ... đặc khu công nghệ." / "Bộ Công an, các bộ, ngành" / "2026 - 2027": NQ 109/NQ-CP's
    appendix IV, unlabelled); [] for any other row."""
    first = next(
        (
            i
            for i in range(1, len(lines))
            if _SUB_LEAD_RE.match(lines[i].text) and lines[i].text.startswith("1")
        ),
        None,
    )
    if first is None or is_body_line(lines[first - 1].text):
        return []
    end = first + 1
    while end < len(lines) and (
        _SUB_LEAD_RE.match(lines[end].text)
        or lines[end].text[:1].islower()
        or lines[end].text.startswith("(")
    ):
        end += 1
    pieces = [
        p.strip()
        for p in re.split(r"(?:^|\s)\d{1,2}\.\s+(?=[A-ZĐÀ-Ỹ])", _join(lines[first:end]))
        if p.strip()
    ]
    leads = [_split_lead_role(piece, is_body_line, is_verb) for piece in pieces]
    if len(leads) < 2 or not all(lead for lead, _ in leads):
        return []
    rest = lines[end:]
    support_end, cell = _supporters_then_deadline(rest, is_body_line)
    task = _join(lines[:first])
    return [
        TableRow(
            task=f"{task} — {role}" if role else task,
            lead=lead,
            supporters=_join(rest[:support_end]),
            result="",
            deadline_text=cell,
            deadline=deadlines.parse_deadline_cell(cell) if cell else "",
            start=lines[0].start,
            end=lines[end - 1].end,
        )
        for lead, role in leads
    ]


# A task that ends in a body it is sent to or done with ("... gửi Bộ Tài chính"): no glued lead.
_OBJECT_END_RE = re.compile(
    r"\s(?:gửi|với|của|cho|và|tại|về|trình|đến|tới|giúp|đối với|theo)$", re.IGNORECASE
)


def _next_is_body(lines: list[_Line], lead_at: int, is_body_line) -> bool:
    after = _cell(lines, lead_at)
    return after < len(lines) and bool(is_body_line(lines[after].text))


def _sub_rows(lines: list[_Line], first: TableRow, task: str, is_body_line) -> list[TableRow]:
    """The sub-works listed under a row's task after its first lead and deadline, each with its
    own lead: "Công trình giao thông." + "Bộ Xây dựng", "Công trình hạ tầng năng lượng." + "Bộ
    Công Thương". The merged deadline cell (and supporters, when a sub-work has none) are the
    first sub-work's."""
    records = []
    i = 0
    while i < len(lines):
        text_end = i
        while text_end < len(lines) and not is_body_line(lines[text_end].text):
            text_end += 1
        # A sub-work is a cell of its own and opens with a capital; a line in lower case goes on
        # a cell the page break cut ("... hỗ trợ tài" + "chính đối với ...").
        if text_end == i or text_end >= len(lines) or not lines[i].text[:1].isupper():
            break
        if _CONTINUES_RE.search(lines[text_end - 1].text):
            break  # "Quốc hội," + "Chính phủ": one cell (a "Cấp trình" column), not a sub-work
        lead_end = _cell(lines, text_end)
        support_end = lead_end
        if lead_end < len(lines) and is_body_line(lines[lead_end].text):
            support_end = _cell(lines, lead_end)
        records.append(
            TableRow(
                task=f"{task} — {_join(lines[i:text_end])}",
                lead=_join(lines[text_end:lead_end]),
                supporters=_join(lines[lead_end:support_end]) or first.supporters,
                result="",
                deadline_text=first.deadline_text,
                deadline=first.deadline,
                start=lines[i].start,
                end=lines[support_end - 1].end,
            )
        )
        i = support_end
    return records


def _join(lines: list[_Line]) -> str:
    return " ".join(line.text for line in lines).strip()

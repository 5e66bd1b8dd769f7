"""Deadlines in the words of Vietnamese notices, in one place: ISO dates for prose ("trước ngày
15/12/2026", "trong quý II", "cuối tháng 4/2024") and for the deadline cells of task tables and
task forms ("Quý IV/2026", "Tháng" + "3/2026", "2026 - 2027", "Thường xuyên").

Both grammars share the calendar: a month, a quarter or a year means its last day; "trước tháng
/ quý / năm N" the day before it starts. A recurring date ("hằng năm"), an open cell ("Từ quý
III/2026") or a period ("trong thời hạn 15 ngày") gives words but no ISO date. A date staff type
("30/6/2026", "2026-06-30") is read by ``typed_date`` (``assistant.ledger.state.parse_deadline``
reports its errors to the user); ``within`` and ``has_passed`` compare ISO deadlines of any
precision (a day, a month, a year) with a day.
"""

from __future__ import annotations

import calendar
import re
from datetime import date


def month_end(year: int, month: int) -> str:
    return date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def quarter_end(year: int, quarter: int) -> str:
    return month_end(year, 3 * quarter)


def day_before(year: int, month: int) -> str:
    """The last day before the month starts: "trước tháng 7" -> 30 June."""
    return date.fromordinal(date(year, month, 1).toordinal() - 1).isoformat()


# --- prose ----------------------------------------------------------------------------------

QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:\s*/\s*|\s+năm\s+|\s*-\s*)(?P<year>\d{4})"
_DAY_MONTH = (
    r"(?:ngày\s+)?(?P<day>\d{1,2})\s*(?:/|-|\s+tháng\s+)\s*(?P<month>\d{1,2})"
    rf"(?:{_YEAR})?(?!\d)"
)
# Order matters: the first pattern that matches anywhere in the text wins, so the specific forms
# (a day) come before the vague ones (a month, a quarter, a year).
_DEADLINE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "day",
        re.compile(
            r"(?:trước|chậm nhất(?:\s+là)?|"
            r"không muộn hơn|hạn chót(?:\s+là)?|đến hết|"
            # work that must be in force by a date: "trình ... để có hiệu lực từ 01 tháng 7 năm
            # 2026", "sửa đổi ... và có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2027"
            r"(?:để|và)\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ)\s+" + _DAY_MONTH,
            re.IGNORECASE,
        ),
    ),
    (
        "month_end",
        re.compile(
            r"(?P<kind>cuối tháng|trong tháng|trước tháng|hết tháng|"
            # "báo cáo ... tại phiên họp tháng 9 năm 2022": the month's session
            r"(?:phiên|kỳ)\s+họp\s+tháng)\s+(?P<month>\d{1,2})" + rf"(?:{_YEAR})?(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "quarter",
        re.compile(
            r"(?P<kind>trong|cuối|hết|trước|đến hết)\s+quý\s+(?P<quarter>IV|III|II|I|[1-4])\b"
            + rf"(?:{_YEAR})?",
            re.IGNORECASE,
        ),
    ),
    (
        "year_rest",
        re.compile(
            r"(?:trong\s+)?(?:những|các)\s+tháng\s+còn\s+lại\s+(?:của\s+)?năm\s+(?P<year>\d{4})",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?P<kind>trong năm|cuối năm|hết năm|trước năm|hoàn thành (?:trong )?năm)\s+"
            r"(?P<year>\d{4})",
            re.IGNORECASE,
        ),
    ),
    (
        "period",
        re.compile(
            r"trong\s+(?:thời\s+hạn|thời\s+gian|vòng)\s+(?:tối đa\s+)?(?P<amount>\d{1,3})\s+"
            r"(?P<unit>ngày(?:\s+làm\s+việc)?|tháng)"
            # "kể từ ngày/khi/thời điểm Nghị định này có hiệu lực thi hành": "khi" too (NĐ
            # 212/2025/NĐ-CP, ninth-round tune doc: "Trong thời hạn tối đa 06 tháng kể từ khi
            # Nghị định này có hiệu lực thi hành")
            r"(?:\s+kể\s+từ\s+(?:(?:ngày|khi|thời\s+điểm)\s+)?(?P<anchor>[^,;.]{3,60}))?",
            re.IGNORECASE,
        ),
    ),
]
# Work to be running from a date is due that date (the label rule of the fifth round): "Chủ tịch
# Ủy ban nhân dân cấp tỉnh tổ chức triển khai thủ tục hành chính này từ ngày 01 tháng 8 năm 2026"
# (NQ 17/2026/NQ-CP, tune half). Only after a verb of putting work in place in the same clause,
# and not the start of a period ("từ ngày ... đến ngày ...").
_START_RE = re.compile(r"(?<!\w)(?:kể\s+)?từ\s+" + _DAY_MONTH, re.IGNORECASE)
_START_WORK_RE = re.compile(
    r"\b(?:triển\s+khai|thực\s+hiện|áp\s+dụng|vận\s+hành|tiếp\s+nhận|giải\s+quyết)\b[^,;.:]*$",
    re.IGNORECASE,
)
_START_LOOKBACK = 100  # characters of the clause before "từ ngày" searched for the verb
_PERIOD_END_RE = re.compile(r"^\s*(?:đến|tới)\s", re.IGNORECASE)
# A date in a past-tense clause qualifies what it follows, not the work: "thực hiện việc bàn
# giao hồ sơ Bộ đã tiếp nhận và xử lý trước ngày 01 tháng 8 năm 2026" (NQ 17/2026/NQ-CP, tune
# half: the files received before that day). Only a verb or two right before the date: "đã quy
# định tại Nghị định số 75/2023/NĐ-CP của Chính phủ xong trước ngày ..." is the work's date.
_PAST_LOOKBACK = 60  # characters before the date: "đã" and two two-syllable verbs fit
_PAST_CLAUSE_RE = re.compile(r"\bđã\s+(?:\w+\s+){1,2}(?:và\s+(?:\w+\s+){1,2})?$", re.IGNORECASE)
# A period counted from the text's own start: "Trong thời hạn 03 tháng kể từ ngày Nghị quyết này
# có hiệu lực thi hành" (NQ 17/2026/NQ-CP, tune half), "... kể từ ngày ký ban hành".
_DOCUMENT = (
    r"(?:Nghị quyết|Quyết định|Nghị định|Chỉ thị|Thông tư(?: liên tịch)?|Kế hoạch|Luật|Văn bản)"
)
_FROM_EFFECT_RE = re.compile(rf"^{_DOCUMENT}\s+này\s+có\s+hiệu\s+lực", re.IGNORECASE)
_FROM_SIGNING_RE = re.compile(
    rf"^(?:ký|ban hành)(?:\s+ban\s+hành)?(?:\s+{_DOCUMENT}\s+này)?\s*$", re.IGNORECASE
)
# Where a text says when it takes effect: "Nghị quyết này có hiệu lực thi hành từ ngày 29 tháng 4
# năm 2026", "... có hiệu lực kể từ ngày ký (ban hành)".
_EFFECT_RE = re.compile(
    rf"{_DOCUMENT}\s+này\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+"
    rf"(?:(?P<signing>ngày\s+ký)|{_DAY_MONTH})",
    re.IGNORECASE,
)
_RECURRING_LOOKBACK = 20  # characters before a date that may say it recurs
_RECURRING_BEFORE_RE = re.compile(r"(?:hằng|hàng)\s+(?:năm|tháng|quý)\s*$", re.IGNORECASE)
_RECURRING_RE = re.compile(r"^\s*(?:hằng|hàng)\s+(?:năm|tháng|quý)", re.IGNORECASE)
_PERIODIC_RE = re.compile(r"\b(?:định kỳ|hằng năm|hàng năm)\b", re.IGNORECASE)


def parse_deadline(text: str, reference_date: str, effective: str = "") -> tuple[str, str]:
    """(deadline_text, ISO date) of the first deadline in ``text``; ("", "") when there is none.

    The ISO date is "" when the words cannot be pinned to a day (a period "trong thời hạn 15 ngày",
    a recurring "trước ngày 15/12 hằng năm", or a missing year with no reference date). A missing
    year comes from ``reference_date`` (the notice's ISO date). The specific forms win over the
    vague ones wherever they are: a day before a month, a month before a quarter or a year.
    ``effective`` (the ISO date the text takes effect, see ``effective_date``) dates a period
    counted from it ("trong thời hạn 03 tháng kể từ ngày Nghị quyết này có hiệu lực")."""
    for _, _, words, iso, _ in _readings(text, reference_date, effective):
        return words, iso
    return "", ""


def effective_date(text: str, reference_date: str) -> str:
    """ISO date a legal text takes effect, from its own words ("Nghị quyết này có hiệu lực thi
    hành từ ngày 29 tháng 4 năm 2026"; "... kể từ ngày ký" is ``reference_date``, the date it
    was signed); "" when it does not say."""
    found = _EFFECT_RE.search(text)
    if not found:
        return ""
    if found.group("signing"):
        return reference_date[:10] if re.match(r"\d{4}-\d{2}-\d{2}", reference_date or "") else ""
    if not found.group("year"):
        return ""
    try:
        return date(
            int(found.group("year")), int(found.group("month")), int(found.group("day"))
        ).isoformat()
    except ValueError:
        return ""


def _after(start: str, amount: int, unit: str) -> str:
    """``start`` plus a number of calendar days or months (the day clamped to the month's end);
    "" for working days, which depend on holidays."""
    if not start or "làm" in unit:
        return ""
    first = date.fromisoformat(start)
    if unit.lower().startswith("tháng"):
        months = first.month - 1 + amount
        year, month = first.year + months // 12, months % 12 + 1
        return date(year, month, min(first.day, calendar.monthrange(year, month)[1])).isoformat()
    return date.fromordinal(first.toordinal() + amount).isoformat()


def _readings(text: str, reference_date: str, effective: str = ""):
    """(start, end, words, ISO, rank) of each deadline reading, the specific patterns first;
    rank is the pattern's place in that order (0: a day)."""
    reference_year = int(reference_date[:4]) if re.match(r"\d{4}", reference_date or "") else None
    for rank, (kind, pattern) in enumerate(_DEADLINE_PATTERNS):
        if rank == 1:  # work running from a date ranks after a deadline day, before a month
            yield from _start_readings(text, reference_year)
        for match in pattern.finditer(text):
            words = match.group(0).strip()
            at = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            before = text[max(0, match.start() - _RECURRING_LOOKBACK) : match.start()]
            recurring = _RECURRING_RE.match(text[match.end() :])
            if recurring:  # "trước ngày 31 tháng 3 hằng năm": a yearly date, no single day
                words = f"{words} {recurring.group(0).strip()}"
                yield at, match.end() + recurring.end(), words, "", rank
                continue
            if kind == "period":
                yield at, match.end(), words, _period_end(match, reference_date, effective), rank
                continue
            if _RECURRING_BEFORE_RE.search(before):
                yield at, match.end(), words, "", rank  # "báo cáo hằng năm trước ngày 15/12"
                continue
            if kind == "day" and _PAST_CLAUSE_RE.search(
                text[max(0, match.start() - _PAST_LOOKBACK) : match.start()]
            ):
                continue  # "hồ sơ ... đã tiếp nhận và xử lý trước ngày ...": not the work's date
            groups = match.groupdict()
            if not groups.get("year") and _PERIODIC_RE.search(text):
                yield at, match.end(), words, "", rank  # "định kỳ hằng năm ... trước ngày 31/12"
                continue
            year = int(groups["year"]) if groups.get("year") else reference_year
            if year is None:
                yield at, match.end(), words, "", rank
                continue
            iso = _iso_for(kind, groups, year)
            if iso and reference_date and iso < reference_date[:10]:
                continue  # "vi phạm ... trước năm 1995": a past date is a reference, not a deadline
            yield at, match.end(), words, iso, rank


def _period_end(match: re.Match, reference_date: str, effective: str) -> str:
    """The last day of "trong thời hạn N tháng kể từ ngày <văn bản> này có hiệu lực (thi hành)"
    or "... kể từ ngày ký"; "" for any other start (each application's own date)."""
    anchor = (match.group("anchor") or "").strip()
    if _FROM_EFFECT_RE.match(anchor):
        start = effective
    elif _FROM_SIGNING_RE.match(anchor):
        start = reference_date[:10] if re.match(r"\d{4}-\d{2}-\d{2}", reference_date or "") else ""
    else:
        return ""
    return _after(start, int(match.group("amount")), match.group("unit"))


def _start_readings(text: str, reference_year: int | None):
    """Readings of "<đưa vào thực hiện> ... từ ngày D" (see ``_START_RE``), ranked as a day."""
    for match in _START_RE.finditer(text):
        clause = text[max(0, match.start() - _START_LOOKBACK) : match.start()]
        if not _START_WORK_RE.search(clause) or _PERIOD_END_RE.match(text[match.end() :]):
            continue
        if _RECURRING_RE.match(text[match.end() :]):
            continue
        groups = match.groupdict()
        year = int(groups["year"]) if groups.get("year") else reference_year
        if year is None:
            continue
        iso = _iso_for("day", groups, year)
        if iso:
            yield match.start(), match.end(), match.group(0).strip(), iso, 0


def _iso_for(kind: str, groups: dict[str, str | None], year: int) -> str:
    try:
        if kind == "day":
            return date(year, int(groups["month"]), int(groups["day"])).isoformat()
        if kind == "month_end":
            month = int(groups["month"])
            if groups["kind"].lower() == "trước tháng":  # before the month: its previous day
                return day_before(year, month)
            return month_end(year, month)
        if kind == "quarter":
            quarter = QUARTERS[groups["quarter"].lower()]
            if groups["kind"].lower() == "trước":
                return day_before(year, 3 * quarter - 2)
            return quarter_end(year, quarter)
        if kind == "year" and groups["kind"].lower() == "trước năm":
            return date(year - 1, 12, 31).isoformat()
        return date(year, 12, 31).isoformat()
    except ValueError:  # 31/2, month 13: words kept, no date invented
        return ""


def deadlines_in(
    text: str, reference_date: str, effective: str = ""
) -> list[tuple[int, int, str, int]]:
    """(start, end, ISO, rank) of each dated deadline in ``text``, in text order: "hoàn thành
    trong tháng 5 năm 2026. ... trước ngày 15 tháng 5 năm 2026. ... trong quý II năm 2026" is
    three. The rank says how specific the words are (0: a day; a month, a quarter, a year after)."""
    found: list[tuple[int, int, str, int]] = []
    for start, end, _, iso, rank in sorted(_readings(text, reference_date, effective)):
        if iso and not (found and start < found[-1][1]):
            found.append((start, end, iso, rank))
    return found


# --- table and form cells ----------------------------------------------------------------------

# "Năm 2026 và các năm tiếp theo" starts work that goes on: no single date.
_CELL_RECURRING_RE = re.compile(
    r"thường xuyên|hằng năm|hàng năm|hằng quý|hàng quý|định kỳ|đã hoàn thành|các năm tiếp theo",
    re.IGNORECASE,
)
_MONTH_RE = re.compile(r"^(?:Trong\s+)?[Tt]háng\s*(\d{1,2})\s*(?:/|năm)\s*(\d{4})$")
_QUARTER_RE = re.compile(r"^(?:Trong\s+)?[Qq]uý\s+(IV|III|II|I|[1-4])\s*(?:/|năm)\s*(\d{4})$")
_YEAR_RE = re.compile(r"^(?:[Nn]ăm\s+)?(\d{4})$")
_RANGE_RE = re.compile(r"^(?:(?:[Gg]iai đoạn|[Nn]ăm)\s+)?(\d{4})\s*[-–]\s*(\d{4})$")
_FROM_TO_RE = re.compile(r"^[Tt]ừ\s+.+?\s+đến\s+(?:hết\s+)?(?P<end>.+)$")
CELL_RE = re.compile(
    r"^(?:(?:Nhiệm vụ\s+)?[Tt]hường xuyên(?:[,;].{0,40})?|(?:Hằng|Hàng) năm(?:[,;]?\s.{0,40})?|"
    r"Đã hoàn thành|Theo .{3,80}|"
    r"(?:Trong\s+)?[Tt]háng\s*\d{1,2}\s*(?:/|năm)\s*\d{4}|"
    r"(?:Trong\s+)?[Qq]uý\s+(?:IV|III|II|I|[1-4])\s*(?:/|năm)\s*\d{4}|"
    r"(?:[Nn]ăm\s+)?\d{4}(?:\s+và\s+(?:hằng năm|các năm tiếp theo))?|"
    r"(?:(?:[Gg]iai đoạn|[Nn]ăm)\s+)?\d{4}\s*[-–]\s*\d{4}|"
    r"[Tt]ừ\s+(?:ngày|tháng|quý|năm)\s+\S+(?:\s*,\s*thường xuyên)?"
    r"(?:\s+đến\s+(?:hết\s+)?(?:ngày|tháng|quý|năm)\s+\S+)?|"
    # a day: "Trước ngày" + "01/3/2027", "Ngày 30/6/2026", "Chậm nhất ngày 31/12/2026"; not a
    # cited text's "ngày 12/06/2025" going on from "Nghị định số" + "133/2025/NĐ-CP" (NQ
    # 20/2026/NQ-CP's lists, unlabelled), nor a bare date
    r"(?:(?:[Tt]rước|[Cc]hậm nhất|[Hh]oàn thành trước)\s+(?:ngày\s+)?|Ngày\s+)"
    r"\d{1,2}/\d{1,2}/\d{4}|"
    # a period with its preposition ("Trước tháng 9/2026", "Đến năm 2030", "Hoàn thành trong quý
    # II/2026"), several quarters or months ("Quý II, III/2026", "Tháng 6 - 12/2026") or half a
    # year ("6 tháng đầu năm 2026")
    r"(?:(?:[Tt]rước|[Đđ]ến(?: hết)?|[Tt]rong|[Hh]oàn thành(?: trong| trước)?|"
    r"[Cc]hậm nhất(?: trong)?)\s+)?"
    r"(?:[Tt]háng\s*\d{1,2}(?:\s*(?:,|-|–|và|đến)\s*\d{1,2})*\s*(?:/|năm)\s*\d{4}|"
    r"[Qq]uý\s+(?:IV|III|II|I|[1-4])(?:\s*(?:,|-|–|và|đến)\s*(?:IV|III|II|I|[1-4]))*"
    r"\s*(?:/|năm)\s*\d{4}|[Nn]ăm\s+\d{4}|(?:6|06|sáu) tháng (?:đầu|cuối) năm\s+\d{4}))$"
)
# The pieces of those: its preposition, then the last month, quarter or year it names.
_PERIOD_CELL_RE = re.compile(
    r"^(?:(?P<prep>[Tt]rước|[Đđ]ến(?: hết)?|[Tt]rong|[Hh]oàn thành(?: trong| trước)?|"
    r"[Cc]hậm nhất(?: trong)?)\s+)?"
    r"(?:[Tt]háng\s*(?:\d{1,2}\s*(?:,|-|–|và|đến)\s*)*(?P<month>\d{1,2})\s*(?:/|năm)\s*"
    r"(?P<month_year>\d{4})|"
    r"[Qq]uý\s+(?:(?:IV|III|II|I|[1-4])\s*(?:,|-|–|và|đến)\s*)*(?P<quarter>IV|III|II|I|[1-4])"
    r"\s*(?:/|năm)\s*(?P<quarter_year>\d{4})|[Nn]ăm\s+(?P<year>\d{4})|"
    r"(?:6|06|sáu) tháng (?P<half>đầu|cuối) năm\s+(?P<half_year>\d{4}))$"
)
_DAY_CELL_RE = re.compile(
    r"^(?:(?:[Tt]rước|[Cc]hậm nhất|[Hh]oàn thành trước)\s+(?:ngày\s+)?|Ngày\s+)"
    r"(\d{1,2})/(\d{1,2})/(\d{4})$"
)


_YEAR_LIST_RE = re.compile(
    r"^(?:[Tt]rong\s+)?(?:các\s+)?[Nn]ăm\s+\d{4}(?:\s*(?:,|và)\s*\d{4})*\s*(?:,|và)\s*"
    r"(?P<last>\d{4})$"
)


def parse_deadline_field(value: str, reference_date: str) -> str:
    """ISO date of a form's deadline field ("Quý IV năm 2026", "Trong năm 2026", "Thực hiện
    thường xuyên"): read as a cell first, as prose when it is not one."""
    if _CELL_RECURRING_RE.search(value):
        return ""
    years = _YEAR_LIST_RE.match(value.strip(" .;"))
    if years:  # "Trong năm 2026, 2027": the last of the years
        return f"{years.group('last')}-12-31"
    return parse_deadline_cell(value) or parse_deadline(value, reference_date)[1]


def parse_deadline_cell(cell: str) -> str:
    """ISO date of the last day a deadline cell allows; "" for a recurring or open cell."""
    text = " ".join(cell.split())
    if _CELL_RECURRING_RE.search(text):
        return ""
    until = _FROM_TO_RE.match(text)
    if until:
        return parse_deadline_cell(until.group("end"))
    if text.lower().startswith("từ "):
        return ""  # a start, not a deadline
    try:
        if found := _DAY_CELL_RE.match(text):  # "trước ngày X" is due X (the labels' rule)
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day).isoformat()
        if (found := _PERIOD_CELL_RE.match(text)) and (
            found.group("prep")
            or "," in text
            or "-" in text
            or "–" in text
            or " và " in text
            or found.group("half")
        ):
            return _period_cell(found)
        if found := _MONTH_RE.match(text):
            return month_end(int(found.group(2)), int(found.group(1)))
        if found := _QUARTER_RE.match(text):
            return quarter_end(int(found.group(2)), QUARTERS[found.group(1).lower()])
        if found := _YEAR_RE.match(text):
            return date(int(found.group(1)), 12, 31).isoformat()
        if found := _RANGE_RE.match(text):
            return date(int(found.group(2)), 12, 31).isoformat()
    except ValueError:  # month 13: the words stay, no date is invented
        return ""
    return ""


def _period_cell(found: re.Match) -> str:
    """The last day of the period a cell names; "trước" a period is the day before it starts
    (as "trước tháng 7" in prose)."""
    before = "trước" in (found.group("prep") or "").lower()
    if found.group("month"):
        year, month = int(found.group("month_year")), int(found.group("month"))
        return day_before(year, month) if before else month_end(year, month)
    if found.group("quarter"):
        year, quarter = int(found.group("quarter_year")), QUARTERS[found.group("quarter").lower()]
        return day_before(year, 3 * quarter - 2) if before else quarter_end(year, quarter)
    if found.group("year"):
        year = int(found.group("year"))
        return date(year - 1, 12, 31).isoformat() if before else date(year, 12, 31).isoformat()
    year = int(found.group("half_year"))
    return month_end(year, 6 if found.group("half") == "đầu" else 12)


# --- dates staff type, and comparing ISO deadlines ---------------------------------------------

_TYPED_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_TYPED_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def typed_date(text: str) -> str | None:
    """ "30/6/2026", "30.06.2026" or "2026-06-30" -> "2026-06-30"; None when the text is not
    written as a date. Raises ValueError for one written as a date that does not exist
    ("31/02/2026")."""
    if match := _TYPED_DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _TYPED_ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        return None
    return date(year, month, day).isoformat()


def within(deadline: str, since: str = "", until: str = "") -> bool:
    """Whether an ISO deadline lies in [since, until] (either bound may be ""). Each bound is cut
    to the deadline's precision, so a month-only "2024-04" is inside 2024-04-15..2024-05-01. No
    deadline is in no range."""
    if not deadline:
        return False
    if since and deadline < since[: len(deadline)]:
        return False
    return not (until and deadline > until[: len(deadline)])


def has_passed(deadline: str, today: str) -> bool:
    """Whether an ISO deadline is over on ``today``: "2024-04" passes when April has."""
    return bool(deadline) and deadline < today[: len(deadline)]

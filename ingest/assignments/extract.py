"""``extract_assignments``: walks a notice's blocks, its task tables and forms, and the list intros
open above each block, and keeps the records the articles' rules leave as work."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.core.records import Assignment, Block, Notice
from assistant.core.text import sentence_spans
from ingest import task_tables
from ingest.assignments.articles import (
    _ELABORATION_RE,
    _PER_APPLICATION_RE,
    _REPORTED_RE,
    _a_power_among_duties,
    _a_rule_of_the_regulation,
    _hands_out_nothing,
    _is_enacting,
    _one_off_in_procedure,
    _only_bodies,
    in_form_appendix,
)
from ingest.assignments.consolidation import without_notes
from ingest.assignments.lists import (
    _form_record,
    _heading_task_records,
    _inherited_subject,
    _intro_supporters,
    _is_body_line,
    _is_group_title,
    _is_verb,
    _marker_len,
    _marker_level,
    _table_record,
)
from ingest.assignments.records import _FORM_BLANK_RE, _LETTER_WORD_RE, _block_records, _records
from ingest.assignments.triggers import (
    _CONTINUATION_RE,
    _LIST_INTRO_END_RE,
    _MIN_INHERITED_TASK_WORDS,
    _intro_subject,
)

# "Điều 13. Trách nhiệm của các cơ quan, tổ chức, cá nhân có liên quan Cơ quan, tổ chức, cá nhân
# có liên quan có trách nhiệm phối hợp ...", "Điều 12. Trách nhiệm của Viện kiểm sát nhân dân tối
# cao Chủ trì, phối hợp ...": the PDF ran a duty article's title into its text.
_DUTY_TITLE_RE = re.compile(
    r"^(?P<title>Điều\s+\d+[a-zđ]?\.\s+(?:Trách nhiệm|Nhiệm vụ(?:,? (?:và )?quyền hạn)?) của\s+"
    r"(?P<party>[^.;:]+))$"
)


def _split_duty_title(block: Block) -> Block | None:
    """The text of a duty article whose title runs into it, under that title; None when the
    block is not one. The title ends where a capitalised word after a lowercase one opens a
    directive verb or repeats the party ("... nhân dân tối cao Chủ trì", "... có liên quan Cơ
    quan, tổ chức ..."), not at a capitalised name inside the party ("... đại diện Việt Nam")."""
    if block.section and _DUTY_TITLE_RE.match(block.section[-1] or ""):
        return None
    for found in re.finditer(r"\s+", block.text):
        before, after = block.text[found.start() - 1 : found.start()], block.text[found.end() :]
        if not (before.islower() and after[:1].isupper()):
            continue
        title = _DUTY_TITLE_RE.match(block.text[: found.start()])
        if not title:
            continue
        rest = block.text[found.end() :]
        party = re.sub(r"^các\s+", "", title.group("party").strip(), flags=re.IGNORECASE)
        if _is_verb(rest) or rest.lower().startswith(party.lower()):
            return Block(
                [*block.section, title.group("title").strip()],
                rest,
                block.start + found.end(),
                block.end,
                block.kind,
            )
    return None


# A paragraph under a body's heading that states a rule rather than work: a definition ("Mức hỗ
# trợ quy định tại khoản 2 Điều 4 là cơ sở để xác định ...": a noun phrase with no directive verb,
# then "là") or a power ("..., Hội đồng nhân dân cấp tỉnh căn cứ khả năng cân đối ngân sách của
# địa phương có thể quyết định bổ sung chính sách": NĐ 188/2026/NĐ-CP, tune half). "có thể" before
# any other verb is no power: "... các yếu tố nguy hiểm có thể xảy ra tai nạn".
_DEFINITION_RE = re.compile(r"^(?P<subject>[^,;:]{3,80}?)\s+là\s")
_POWER_RE = re.compile(
    r"\bcó thể\s+(?:quyết định|phân cấp|ủy quyền|uỷ quyền|xem xét|ban hành|áp dụng|bổ sung|"
    r"điều chỉnh|lựa chọn|giao)\b"
)
_DUTY_WORD_RE = re.compile(r"\b(?:phải|cần|có trách nhiệm)\b")
# A sanction, not work: "Người lao động nước ngoài ... không có giấy phép lao động sẽ bị buộc
# xuất cảnh ...", "Người sử dụng lao động ... thì bị xử lý theo quy định của pháp luật" (NQ
# 45/2019/QH14, tune half; the label rules leave out sanctions that apply when a duty fails).
_SANCTION_RE = re.compile(
    r"\b(?:thì|sẽ)\s+bị\s+(?:buộc|xử lý|xử phạt|truy cứu|trục xuất|đình chỉ|thu hồi)\b"
)
_CITED_RE = re.compile(r"\b(?:được\s+)?quy định\s+(?:tại|của|trong)\b")
# A standard a person must meet, not work: "3. Có hiểu biết về quyền trẻ em, có phẩm chất đạo đức
# tốt.", "4. Không bị xử lý vi phạm hành chính về ..." (items of "Trách nhiệm của hướng dẫn viên,
# ...": TT 27/2022/TT-BLĐTBXH, eleventh-round tune doc); "Có cam kết ..." is a duty.
# A case sent to other law, not work: "Trường hợp cơ sở tôn giáo mở lớp học ... thì thực hiện theo
# quy định của pháp luật về tín ngưỡng, tôn giáo." (TT 27/2022/TT-BLĐTBXH, eleventh-round tune
# doc).
_DEFERS_RE = re.compile(
    r"^Trường hợp\b[^.;]*?\bthì\s+(?:được\s+)?(?:thực hiện|áp dụng|xử lý)\s+theo\s+(?:các\s+)?"
    r"quy định\s+(?:của|tại)\b"
)
# Who decides is a power, not work: "4. Cơ quan thuế quản lý trực tiếp Tổ chức cung cấp dịch vụ do
# Cục trưởng Cục Thuế quyết định." (TT 41/2026/TT-BTC, tenth-round tune doc, as the label rules
# have it), like "Việc phân bổ ... do Ủy ban nhân dân cấp tỉnh quyết định" (sixth round).
_DECIDED_BY_RE = re.compile(r"\bdo\s+[^.;,]{3,80}?\s+quyết định\s*[.;]?\s*$")
_QUALIFICATION_RE = re.compile(
    r"^(?:Có\s+(?:đủ\s+)?(?:hiểu biết|phẩm chất|trình độ|kiến thức|năng lực|sức khỏe|sức khoẻ|"
    r"kinh nghiệm|lý lịch|đạo đức|bằng|văn bằng|chứng chỉ)|"
    r"Không\s+(?:bị|thuộc diện|có tiền án|đang bị|trong thời gian bị))\b"
    # a prohibition is a rule of conduct, not work: "Không được chuyển cho phạm nhân ...", "Không
    # cho người khác sử dụng ... thẻ" (items of person parties' "Trách nhiệm của ..." articles in
    # the unlabelled gazette files)
    r"|^(?:Không được|Không cho|Nghiêm cấm)\s"
    # conditions a party must meet: "1. Cơ sở tổ chức bồi dưỡng cho nhà giáo phải đảm bảo các
    # điều kiện theo yêu cầu ... và được cơ quan có thẩm quyền cho phép" (VBHN
    # 4082/VBHN-BLĐTBXH, twelfth-round tune doc), not "Bảo đảm điều kiện cho X hoạt động"
    r"|^(?:[^,;:]{3,100}?\s)?phải\s+(?:đảm bảo|bảo đảm|đáp ứng)\s+(?:đủ\s+|đầy đủ\s+)?(?:các\s+)?"
    r"(?:điều kiện|tiêu chuẩn)\s+(?:theo|quy định|về)\b"
)


# An item under a party's heading that names a party of its own before its duty: "1. Cơ quan quản
# lý nhà nước về lao động có trách nhiệm phối hợp với ...", "1. Người lao động nước ngoài phải
# xuất trình ...", "3. Khi có yêu cầu, cơ quan chuyên môn về lao động thuộc Ủy ban nhân dân là
# đầu mối ..." (articles "Trách nhiệm của cơ quan, tổ chức ..." of NQ 45/2019/QH14, tune half):
# that party leads it. Only a generic head ("cơ quan", "đơn vị", "người") with lowercase words
# the body grammar cannot read, before a duty word; an opener up to a comma may precede it.
_OWN_PARTY_RE = re.compile(
    r"^(?:(?:Khi|Trường hợp|Hằng năm|Hàng năm|Định kỳ)[^,;:]{0,40},\s*)?"
    r"(?P<party>(?:[Cc]ác\s+)?(?:[Cc]ơ quan|[Đđ]ơn vị|[Nn]gười|[Cc]ơ sở)\s[^,;:()]{3,80}?)\s+"
    r"(?P<duty>có trách nhiệm|phải|là (?:cơ quan |đơn vị )?đầu mối)\s"
)


def _own_party(task: str) -> tuple[str, int] | None:
    """(party, offset of the duty) when an item under a party names its own party."""
    found = _OWN_PARTY_RE.match(task)
    if not found:
        return None
    offset = found.end("party") + 1
    if found.group("duty") != "có trách nhiệm":
        return found.group("party"), offset
    return found.group("party"), found.end()


# A step timed from each case, anywhere in the duty's first sentence: "c) Thông báo kế hoạch ...
# tới cơ quan được đánh giá trước 30 ngày làm việc so với thời điểm bắt đầu ...", "b) Phản hồi
# bằng văn bản ... trong thời hạn 15 ngày làm việc kể từ ngày nhận được dự thảo ..." (items of
# "Trách nhiệm của ..." clauses, TT 22/2022/TT-BKHĐT, twelfth-round tune doc): recurs per case,
# like the procedure steps ``_PER_APPLICATION_RE`` finds at an item's start. Working days only:
# "trong thời hạn 06 tháng kể từ khi Nghị định này có hiệu lực" is one-off work.
_PER_CASE_TIMING_RE = re.compile(
    r"\b(?:trước|trong (?:thời hạn|vòng)|chậm nhất(?: là)?)\s+\d+\s+ngày làm việc\s+"
    r"(?:kể từ|so với)\b"
)


def _states_rule(task: str) -> bool:
    spans = sentence_spans(task)
    first = task[slice(*spans[0])] if spans else task
    definition = _DEFINITION_RE.match(first)
    if definition:
        # "quy định tại khoản 2 Điều 4" names where the noun is set out: no verb of the clause
        subject = _CITED_RE.sub(" ", definition.group("subject"))
        if not any(_is_verb(subject[at.end() :]) for at in re.finditer(r"(?:^|\s)", subject)):
            return True
    if (
        _SANCTION_RE.search(first)
        or _QUALIFICATION_RE.match(first)
        or _DEFERS_RE.match(first)
        or _DECIDED_BY_RE.search(first)
        or _PER_CASE_TIMING_RE.search(first)
    ):
        return True
    return bool(_POWER_RE.search(first)) and not _DUTY_WORD_RE.search(first)


# How work is paid for, not work: "Kinh phí triển khai các nhiệm vụ ... thực hiện theo quy định
# của pháp luật", "(thực hiện) tự bảo đảm chi thường xuyên trở lên" (a unit's financial
# autonomy): funding rules, which the labels never count (NQ 105/NQ-CP, tune half).
_FUNDING_RULE_RE = re.compile(
    r"^(?:(?:Nguồn\s+)?[Kk]inh phí|Chi phí)\s|^(?:(?:thực hiện|phải)\s+)?tự bảo đảm chi\b"
)


# "1. Sửa đổi, bổ sung Điều 3 như sau:" then the new wording in quotes, over one or many lines:
# the rules an amending text writes into another (conditions, who approves, and its "Trách nhiệm
# của Bộ Nội vụ" article as amended), not work it hands out (NĐ 372/2025/NĐ-CP, twelfth-round
# tune doc; TT 13/2026/TT-NHNN's label rule).
_QUOTE_INTRO_RE = re.compile(r"\bnhư sau\s*[:.]\s*$")
# The closing quote ends its line, or a consolidated text's note printed into the page text goes
# on after it ("Quốc hội ban hành Luật Thanh tra.”. xã hội bắt buộc, ...": VBHN 58/VBHN-VPQH).
_QUOTE_CLOSE_RE = re.compile(r'[”"]\s*[.;,]?(?=\s|$)')
# The next instruction of the amending article: a quote not closed before it is no quote.
_NEXT_INSTRUCTION_RE = re.compile(
    r"^(?:\d+[a-zđ]?\.|Điều\s+\d+[a-zđ]?\.)\s+(?:Sửa đổi|Bổ sung|Bãi bỏ|Thay thế|Thay đổi)\b"
)


def _amended_wording(text: str, lines: list) -> list[tuple[int, int]]:
    """Spans of the quoted wording an amending text writes into another (``lines``: the
    notice's ``task_tables.lines_of``)."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(lines) - 1:
        line, following = lines[index], lines[index + 1]
        index += 1
        if not (
            _QUOTE_INTRO_RE.search(text, line.start, line.end)
            and text.startswith(("“", '"'), following.start)
        ):
            continue
        for last in range(index, len(lines)):
            closing = lines[last]
            if last > index and (
                _NEXT_INSTRUCTION_RE.match(text, closing.start, closing.end)
                or text.startswith(("“", '"'), closing.start)
            ):
                break  # a quote that never closed before the next one opens is none
            found = _QUOTE_CLOSE_RE.search(text, closing.start + (last == index), closing.end)
            if found:
                spans.append((following.start, found.end()))
                index = last + 1
                break
    return spans


# A form is known by its shape, whatever its title says ("Mẫu số 02B TÊN CƠ SỞ KHÁM BỆNH, CHỮA
# BỆNH" then "Kính gửi: Ủy ban nhân dân........... (1)" ... "Đề nghị Ủy ban nhân dân xác nhận các
# thông tin về người bồi thường nêu trên." ... "(Ký, ghi rõ họ tên, chức danh, đóng dấu)": NĐ
# 131/2026/NĐ-CP's appendix, thirteenth-round tune doc): a section, not an article or chapter,
# with a signature line and lines of blanks. What its lines ask of a body is what the sender will
# write, not work this text hands out.
_SIGNATURE_RE = re.compile(r"^\(\s*[Kk]ý(?:,|\s)")
_NOT_A_FORM_HEADING_RE = re.compile(r"^(?:Điều\s+\d|Chương\s)")
# Calibrated on NĐ 131/2026/NĐ-CP's five forms (each has 4-8 lines of blanks): two blank lines and
# a signature line are a form; an article's text never has both.
_FORM_BLANK_LINES = 2


def _form_sections(blocks: list[Block]) -> set[tuple[str, ...]]:
    """Heading paths whose blocks make up a form (see ``_SIGNATURE_RE``)."""
    blanks: dict[tuple[str, ...], int] = {}
    signed: set[tuple[str, ...]] = set()
    for block in blocks:
        path = tuple(block.section)
        if not path or _NOT_A_FORM_HEADING_RE.match(path[-1]):
            continue
        if _FORM_BLANK_RE.search(block.text):
            blanks[path] = blanks.get(path, 0) + 1
        if _SIGNATURE_RE.match(block.text.strip()):
            signed.add(path)
    return {path for path in signed if blanks.get(path, 0) >= _FORM_BLANK_LINES}


_OPENER_ONLY_RE = re.compile(
    r"^(?:Trường hợp|Khi|Đối với|Sau khi|Trước khi|Trong trường hợp)\b[^.;]*$", re.IGNORECASE
)


def extract_assignments(notice: Notice, blocks: list[Block]) -> list[Assignment]:
    """Assignment records of one notice, in document order."""
    cleaned = without_notes(notice.text, notice.doc_type or "")
    if cleaned is not None:
        # a consolidated text's notes and note numbers, blanked (offsets kept), parse as the
        # provisions they annotate would without them
        from ingest.structure import parse_blocks

        notice = replace(notice, text=cleaned)
        blocks = parse_blocks(cleaned)
    blocks = [_split_duty_title(block) or block for block in blocks]
    records: list[Assignment] = []
    lines = task_tables.lines_of(notice.text)
    table_spans: list[tuple[int, int]] = []
    for first, last in task_tables.find_tables(lines, _is_body_line):
        table_spans.append((lines[first].start, lines[last].end))
        section = next((list(b.section) for b in blocks if b.start >= lines[first].start), [])
        if in_form_appendix(notice, section, lines[first].start):
            continue
        for row in task_tables.parse_table(lines[first : last + 1], _is_body_line, _is_verb):
            records.append(_table_record(notice, section, row))
    for first, last, form in task_tables.find_forms(lines, _is_body_line):
        if any(start <= lines[first].start < end for start, end in table_spans):
            continue
        table_spans.append((lines[first].start, lines[last].end))
        section = next((list(b.section) for b in blocks if b.start >= lines[first].start), [])
        if in_form_appendix(notice, section, lines[first].start):
            continue
        records.append(_form_record(notice, section, form))
    # A consolidated text quotes its base and amending texts' own closing articles in notes
    # ("Điều 23, 24 và 25 của Nghị định số 143/2016/NĐ-CP ... quy định như sau:" then their
    # duties): those are work those texts hand out, not wording written into another.
    quoted = [] if cleaned is not None else _amended_wording(notice.text, lines)
    forms = _form_sections(blocks)
    in_table = {
        index
        for index, block in enumerate(blocks)
        if any(start <= block.start < end for start, end in [*table_spans, *quoted])
        or tuple(block.section) in forms
    }
    # Open list intros, outermost first: (marker level of the intro, bodies it hands out,
    # the heading path it was written under).
    intros: list[tuple[str, list[str], list[str], str]] = []
    heading_cache: dict[tuple[str, ...], list[str] | None] = {}
    levels = [_marker_level(block.text) for block in blocks]
    # The level of the next list item after each block, across plain paragraphs.
    next_levels = [""] * len(blocks)
    upcoming = ""
    for index in range(len(blocks) - 1, -1, -1):
        next_levels[index] = upcoming
        upcoming = levels[index] or upcoming
    last_item_level = ""
    seen_headings: set[tuple[str, ...]] = set()
    # The section of an open "các Bộ đã có báo cáo Chính phủ như sau:" list: its items and what
    # is nested in them record reports made, until a plain paragraph at the intro's own depth.
    reported: list[str] | None = None
    for index, block in enumerate(blocks):
        if index in in_table:
            continue
        text = block.text
        level = levels[index]
        if reported is not None:
            if block.section[: len(reported)] == reported and (
                level or len(block.section) > len(reported)
            ):
                continue
            reported = None
        if _REPORTED_RE.search(text) and not level:
            reported = list(block.section)
            continue
        records.extend(_heading_task_records(notice, block, seen_headings))
        # A new section ("III. TỔ CHỨC THỰC HIỆN") closes the intros of the one before.
        while intros and block.section[: len(intros[-1][2])] != intros[-1][2]:
            intros.pop()
        in_list = False
        if not level:
            if intros and next_levels[index] == last_item_level:
                in_list = True  # a paragraph between two items of one list is one of them
            else:
                intros.clear()  # a plain paragraph ends any list
        else:
            last_item_level = level
            while intros and intros[-1][0] == level:
                intros.pop()  # a sibling item closes the previous item's own list
        own = [r for r in _block_records(notice, block) if not _is_enacting(block, r)]
        if _hands_out_nothing(notice, block, heading_cache) and not _one_off_in_procedure(
            notice, block, text
        ):
            continue  # a member list, a situation or a power names bodies but gives no work
        if _PER_APPLICATION_RE.match(text, _marker_len(text)):
            continue  # a step of a procedure, counted from each application: a rule
        intro_bodies = _intro_subject(text)
        if intro_bodies:
            intros.append((level, intro_bodies, list(block.section), text))
            records.extend(own)  # earlier sentences may carry their own leads
            continue  # the intro itself is not a task; its items are
        inherited, source = _inherited_subject(notice, block, intros, in_list, heading_cache)
        starts_with_own_lead = any(r.start - block.start <= _marker_len(text) for r in own)
        if (
            inherited
            and not starts_with_own_lead
            and block.kind != "heading"
            and not _ELABORATION_RE.search(text)
            and not (in_list and _CONTINUATION_RE.match(text))
            and not _is_group_title(blocks, index, level, levels)
            # "Bộ Tư pháp ... có các nhiệm vụ và quyền hạn sau đây:" introduces the items that
            # carry the work; the intro is none of it
            and not _LIST_INTRO_END_RE.search(text)
        ):
            task_offset = _marker_len(text)
            # A later sentence or clause with a lead of its own ("...; giao Văn phòng Chính phủ
            # ...", "Bộ Tài chính khẩn trương ...") ends the inherited task.
            own_at = min((r.start - block.start for r in own), default=len(text))
            task = text[task_offset:own_at].strip().rstrip(" ;,")
            if own and _OPENER_ONLY_RE.match(task):
                # "Trường hợp tổ chức, doanh nghiệp có chức năng ... thì trước khi tiến hành tổ
                # chức hoạt động, tổ chức, doanh nghiệp có trách nhiệm ..." (TT
                # 27/2022/TT-BLĐTBXH, eleventh-round tune doc): an opener longer than the span a
                # record keeps is the own lead's condition, not inherited work
                task = ""
            # An all-capitals line is a heading, a line with blanks a form, a line of one or
            # two words a table cell, a line that only names a body a member list: none of them
            # is a task.
            if (
                len(task.split()) >= _MIN_INHERITED_TASK_WORDS
                and len(_LETTER_WORD_RE.findall(task)) >= 2
                and not task.isupper()
                and not _FORM_BLANK_RE.search(task)
                and not _only_bodies(task)
                and not _states_rule(task)
            ):
                task_end = block.start + task_offset + len(task)
                supporters = _intro_supporters(source)
                own_party = _own_party(task)
                if own_party:
                    inherited, supporters = [own_party[0]], []
                    task_offset += own_party[1]
                    task = task[own_party[1] :]
                records.extend(
                    _records(
                        notice,
                        block,
                        inherited,
                        task,
                        block.start + task_offset,
                        task_end,
                        supporters=supporters,
                    )
                )
        records.extend(own)
    records = [
        r
        for r in records
        if not _a_rule_of_the_regulation(r, notice.doc_type or "", notice.text)
        and not _a_power_among_duties(r)
        and not _FUNDING_RULE_RE.match(r.task.strip())
    ]
    records.sort(key=lambda r: r.start)
    return records

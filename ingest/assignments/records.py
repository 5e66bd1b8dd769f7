"""Record assembly: the sentences of a block that name their own lead, cut into one record per
deadline, with supporters and canonical body names."""

from __future__ import annotations

import functools
import itertools
import re

from assistant.core import dates as deadlines
from assistant.core.records import Assignment, Block, Notice
from assistant.core.text import sentence_spans
from assistant.vocab.bodies import canonical_body
from ingest.assignments.kinds import _kind
from ingest.assignments.subjects import body_phrase_end, parse_subject
from ingest.assignments.triggers import (
    _LIST_INTRO_END_RE,
    _MIN_TASK_WORDS,
    _SUPPORT_RE,
    _SUPPORT_WINDOW,
    _agent_triggers,
    _feedback_triggers,
    _lead_triggers,
    _passive_delegation_triggers,
    _subject_triggers,
    _verb_triggers,
)

# Form templates ("Ngày bắt đầu hoạt động: …/……/……") are not tasks.
_LETTER_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_FORM_BLANK_RE = re.compile(r"…\s*/|\.{4,}|…{2,}|_{3,}")


def _block_records(notice: Notice, block: Block) -> list[Assignment]:
    """Records for sentences of the block that name their own lead."""
    text = block.text
    records: list[Assignment] = []
    # Sentences that name a lead, each with the subjectless sentences after it: "Lãnh đạo các
    # địa phương cần giữ vững kỷ luật ... . Hoàn thành việc xử lý ... trong quý II năm 2026."
    # is one body's work, with that deadline.
    groups: list[list | None] = []
    # A block that a PDF cut after a preposition goes on with the text before it: "Nghị định số
    # 51/2016/NĐ-CP ... của" + "Chính phủ quy định quản lý lao động ..." is a cited text's title,
    # its issuer no subject (lists of texts in QĐ 135 and 169/QĐ-BLĐTBXH, NQ 22/2026, tune half).
    continued = bool(_CUT_AFTER_RE.search(notice.text, max(0, block.start - 30), block.start))
    for sentence_start, sentence_end in sentence_spans(text):
        sentence = text[sentence_start:sentence_end]
        # Cue words first ("giao X", "X có trách nhiệm"); a bare subject + verb otherwise, so that
        # "Cơ quan trực tiếp quản lý người bị thương có trách nhiệm ..." keeps its whole subject.
        triggers = _lead_triggers(sentence) + _subject_triggers(sentence)
        triggers = triggers or _agent_triggers(sentence)
        if not triggers and not (continued and sentence_start == 0):
            triggers = (
                _verb_triggers(sentence)
                or _feedback_triggers(sentence)
                or _passive_delegation_triggers(sentence)
            )
        triggers = _drop_nested(sorted(triggers))
        if triggers:
            groups.append([sentence_start, sentence_end, triggers])
        elif groups and groups[-1] is not None and not _LIST_INTRO_END_RE.search(sentence):
            groups[-1][1] = sentence_end  # goes on with the same body's work
        else:
            groups.append(None)
    for group in groups:
        if group is None:
            continue
        sentence_start, sentence_end, triggers = group
        sentence = text[sentence_start:sentence_end]
        # Several leads in one sentence ("...; đồng thời, giao Ban Tổ chức ... chủ trì"): each
        # trigger's task runs to the next trigger.
        for index, (subject_start, task_start, bodies) in enumerate(triggers):
            is_last = index + 1 == len(triggers)
            clause_end = len(sentence) if is_last else triggers[index + 1][0]
            if not is_last and _LEAD_ONLY_RE.match(sentence[task_start:clause_end].strip()):
                # "Bộ Tư pháp chủ trì, phối hợp với Bộ Ngoại giao, đề nghị Tòa án nhân dân tối
                # cao, ... phối hợp xây dựng Báo cáo ..." (NĐ 158/2026/NĐ-CP, tune half): the
                # lead's work is the one the requested bodies join, so its task runs on
                after = index + 2
                clause_end = len(sentence) if after >= len(triggers) else triggers[after][0]
            clause = sentence[task_start:clause_end]
            task = clause.strip(" ,;")
            if _FORM_BLANK_RE.search(task) or len(_LETTER_WORD_RE.findall(task)) < _MIN_TASK_WORDS:
                # a form's blanks or column numbers ("(10) (11) (12)") are not work
                continue
            if not task or (is_last and _LIST_INTRO_END_RE.search(sentence)):
                continue  # an intro ("... sau:") hands its bodies to the items that follow
            task_offset = block.start + sentence_start + task_start
            task_offset += len(clause) - len(clause.lstrip(" ,;"))
            # The first clause's span opens at the sentence start so that an opener such as
            # "Đối với những tháng còn lại năm 2021, ..." (a deadline) is inside the evidence;
            # not when what precedes the subject is other work ("...; giao Văn phòng Chính phủ").
            opener = sentence[:subject_start]
            short_opener = len(opener) <= _OPENER_SPAN_CHARS and ";" not in opener
            from_start = 0 if short_opener else _last_clause_start(opener)
            start = (
                block.start
                + sentence_start
                + (from_start if index == 0 and from_start is not None else subject_start)
            )
            end = task_offset + len(task)
            records.extend(
                _records(notice, block, bodies, task, task_offset, end, span_start=start)
            )
    return records


# A lead's own words that are only its role before a request to other bodies: "chủ trì, phối hợp
# với Bộ Ngoại giao, đề nghị" (then the requested bodies and the work).
_LEAD_ONLY_RE = re.compile(
    r"^chủ\s+trì(?:\s*,?\s*(?:và\s+)?phối\s+hợp(?:\s+chặt\s+chẽ)?\s+với\s+[^.;]{0,200}?)?"
    r"\s*,?\s*(?:đề\s+nghị|yêu\s+cầu)?$",
    re.IGNORECASE,
)
# "... của" or "... của Bộ trưởng" (then "Bộ Lao động - Thương binh và Xã hội quy định về ...").
_CUT_AFTER_RE = re.compile(
    r"\b(?:(?:của|do|bởi)(?:\s+(?:Bộ trưởng|Thủ trưởng|Chủ tịch|Thống đốc|Tổng Giám đốc))?)\s*$"
)
# An adverbial opener before a subject is at most this long ("Đối với những tháng còn lại năm
# 2021, "); the longest in the tune half's openers is ~90 characters.
_OPENER_SPAN_CHARS = 160


# Where the last clause of a long opener begins: after a comma, a semicolon or "thì".
_OPENER_CLAUSE_RE = re.compile(r"[,;]\s+|\sthì\s+")


def _last_clause_start(opener: str) -> int | None:
    """The start of a long opener's last clause when it is short, so that the deadline right
    before the subject stays in the evidence: "Người đang thực hiện ... nếu chưa chuyển sang ký
    hợp đồng lao động ... thì trong thời hạn 12 tháng kể từ ngày Nghị định này có hiệu lực, cơ
    quan, tổ chức, đơn vị phải chuyển sang ký hợp đồng lao động" (NĐ 111/2022/NĐ-CP,
    thirteenth-round tune doc); None when that clause is long too."""
    head = opener.rstrip(" ,")
    cut = max((m.end() for m in _OPENER_CLAUSE_RE.finditer(head)), default=0)
    return cut if len(head) - cut <= _OPENER_SPAN_CHARS and ";" not in head[cut:] else None


def _drop_nested(triggers: list[tuple[int, int, list[str]]]) -> list[tuple[int, int, list[str]]]:
    """One trigger per subject: "Giao X chủ trì" matches both "Giao X" and "X chủ trì"."""
    kept: list[tuple[int, int, list[str]]] = []
    for trigger in triggers:
        if kept and trigger[0] < kept[-1][1]:
            continue  # starts inside the previous trigger's subject
        kept.append(trigger)
    return kept


_CLAUSE_BREAK_RE = re.compile(r"[.;,]\s+")


def _records(
    notice: Notice,
    block: Block,
    bodies: list[str],
    task: str,
    task_offset: int,
    end: int,
    span_start: int | None = None,
    supporters: list[str] | None = None,
) -> list[Assignment]:
    """One record per deadline: "Kết thúc ... trước ngày 31/5/2026. Khẩn trương xây dựng ...
    trước ngày 30/6/2026" is two tasks. The cut is the last clause break before the second
    date's words."""
    text = notice.text[task_offset:end]
    dated = deadlines.deadlines_in(text, notice.date, _effective(notice.text, notice.date))
    cuts = []
    for first, second in itertools.pairwise(dated):
        (_, first_end, first_iso, first_rank), (second_start, _, second_iso, second_rank) = (
            first,
            second,
        )
        if first_iso == second_iso:
            continue
        breaks = list(_CLAUSE_BREAK_RE.finditer(text, first_end, second_start))
        # A sentence or ";" break right after the first date, else the last comma before the
        # second date's words; with only commas between them, a vaguer date before a more
        # specific one is the scope of the same work ("các chỉ tiêu ... trong năm 2026 ..., gửi
        # Bộ Tài chính trước ngày 06 tháng 5 năm 2026").
        strong = [m.end() for m in breaks if m.group(0)[0] in ".;"]
        if strong:
            cuts.append(strong[0])
        elif breaks and first_rank <= second_rank:
            cuts.append(breaks[-1].end())
    if not cuts:
        return [_record(notice, block, bodies, task, task_offset, end, span_start, supporters)]
    pieces = []
    bounds = [0, *cuts, len(text)]
    for index, (piece_start, piece_end) in enumerate(itertools.pairwise(bounds)):
        piece = text[piece_start:piece_end].rstrip(" ,;")
        offset = task_offset + piece_start
        pieces.append(
            _record(
                notice,
                block,
                bodies,
                piece.strip(),
                offset,
                offset + len(piece),
                span_start if index == 0 else None,
                supporters,
            )
        )
    return pieces


def _record(
    notice: Notice,
    block: Block,
    bodies: list[str],
    task: str,
    task_offset: int,
    end: int,
    span_start: int | None = None,
    supporters: list[str] | None = None,
) -> Assignment:
    # The task's own "phối hợp với Y" first, else what its heading or intro gives.
    supporters = _supporters(task) or list(supporters or [])
    span_start = task_offset if span_start is None else span_start
    deadline_text, deadline = deadlines.parse_deadline(
        notice.text[span_start:end], notice.date, _effective(notice.text, notice.date)
    )
    kind = _kind(task, notice.text[span_start:end], deadline_text)
    return Assignment(
        assignees=_canonical_list(bodies),
        task=task,
        doc_id=notice.doc_id,
        section=list(block.section),
        start=span_start,
        end=end,
        supporters=_canonical_list(supporters),
        assignees_text=bodies,
        deadline_text=deadline_text,
        deadline=deadline,
        kind=kind,
    )


@functools.lru_cache(maxsize=8)
def _effective(text: str, signed: str) -> str:
    """The date the notice takes effect, once per notice (a string caches its own hash)."""
    return deadlines.effective_date(text, signed)


def _supporters(task: str) -> list[str]:
    """Bodies after a "phối hợp với" that opens the task: "chủ trì, phối hợp với Bộ Y, Bộ Z
    hướng dẫn ...". One deep inside a long task belongs to a side clause ("... thì chủ động
    phối hợp với cấp ủy ... để giải quyết"), not to the assignment."""
    found: list[str] = []
    match = _SUPPORT_RE.search(task[:_SUPPORT_WINDOW])
    if match:
        end = body_phrase_end(task, match.end())
        found = parse_subject(task[match.end() : end]) or []
    return found


def _canonical_list(names: list[str]) -> list[str]:
    result: list[str] = []
    for name in names:
        # "Các đồng chí Ủy viên Ban Chấp hành" names the members themselves.
        canonical = canonical_body(re.sub(r"^(?:các|Các)\s+đồng\s+chí\s+", "", name))
        if canonical and canonical not in result:
            result.append(canonical)
    return result

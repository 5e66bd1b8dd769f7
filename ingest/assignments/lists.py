"""Headed lists and task tables: the bodies a heading or an open list intro gives its items, group
titles, and records from the rows of task tables and forms."""

from __future__ import annotations

import re

from assistant.core import dates as deadlines
from assistant.core.records import Assignment, Block, Notice
from assistant.core.text import sentence_spans
from ingest import markers, task_tables
from ingest.assignments.articles import _ELABORATION_RE, _full_heading
from ingest.assignments.kinds import _kind
from ingest.assignments.records import _block_records, _canonical_list
from ingest.assignments.subjects import (
    _BODY_HEAD_RE,
    _expand_enumeration,
    _is_capitalized,
    body_phrase_end,
    parse_subject,
    split_bodies,
)
from ingest.assignments.triggers import (
    _BARE_OPENER_RE,
    _DIRECTIVE_VERB_RE,
    _SUPPORT_RE,
    _heading_subject,
    _intro_subject,
    duty_heading_party,
    party_heading,
)


def _marker_level(text: str) -> str:
    """The list level of an item ("numbered2" for "2.3.", "point" for "a)"), "" for a plain
    paragraph: the marker grammar shared with the heading tree."""
    return markers.item_level(text.strip())


def _heading_task_records(
    notice: Notice, block: Block, seen: set[tuple[str, ...]]
) -> list[Assignment]:
    """The task a heading line states before its bare opener, once per heading: "1. Giao Sở Y tế
    chủ trì ... trước ngày 30/6/2026. Cụ thể:" is a task of Sở Y tế, then its items are."""
    found: list[Assignment] = []
    for depth in range(1, len(block.section) + 1):
        path = tuple(block.section[:depth])
        if path in seen:
            continue
        seen.add(path)
        full = _full_heading(notice.text, path[-1], block.start)
        sentences = sentence_spans(full)
        if len(sentences) < 2 or not _BARE_OPENER_RE.match(full[slice(*sentences[-1])]):
            continue
        at = notice.text.rfind(full, 0, block.start + 1)
        if at < 0:
            continue
        heading = Block(list(path[:-1]), full, at, at + len(full), "heading")
        found.extend(_block_records(notice, heading))
    return found


# What may follow the body name on the lead line of a table: "Ủy ban nhân dân cấp tỉnh trình",
# "Bộ Y tế, Sở Y tế đối với địa phương", "Bộ Tư pháp (đối với ...)", "Các bộ ở" + "Trung ương".
# "Bộ Tài chính (Cục Thống kê)": the closing bracket of a unit named in brackets.
_LEAD_LINE_REST_RE = re.compile(r"^\s*(?:$|\(|\)|trình\b|ở\b|đối với\b|và\s*$|,|\.$)")


_SLASH_LIST_RE = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")


# The lowercase tail of a name in a table cell: "Ủy ban công tác phi chính phủ nước ngoài",
# "Bộ Khoa học và công nghệ", "Ủy ban Công tác về các tổ chức" (the cell holds names only).
_CELL_NAME_TAIL_RE = re.compile(r"^\s*[^\W\d_A-ZĐ][^\W\d_]*(?:\s+[^\W\d_]+)*\s*,?$")


# A name of a body: its head and a capitalised word ("Bộ Ngoại giao"), not "Bộ tiêu chí".
def _named_body(body: str) -> bool:
    """A name of a body: its head and a capitalised word ("Bộ Ngoại giao", "Ủy ban nhân dân Tỉnh
    ..."), not "Bộ tiêu chí"."""
    words = body.split()
    if words and words[0].lower() == "các":
        words = words[1:]
    return len(words) >= 2 and (
        words[1][:1].isupper()
        or (len(words) >= 3 and words[1][:1].islower() and words[2][:1].isupper())
    )


def _is_body_line(text: str) -> bool:
    """A table line that opens with a body name ("Các bộ" is a lead in a table cell)."""
    text = _SLASH_LIST_RE.sub(", ", text)  # "UBND các tỉnh/thành phố"
    if not _is_capitalized(text):
        return False
    end = body_phrase_end(text, 0)
    if end <= 0:
        return False
    bodies = split_bodies(_expand_enumeration(text[:end]))
    if not bodies or not all(_BODY_HEAD_RE.match(body) for body in bodies):
        return False
    if _LEAD_LINE_REST_RE.match(text[end:]):
        return True
    # A name whose lowercase words end the phrase early: the rest of the cell goes on the name
    # when the line opens with a named body and the rest is words with no directive verb.
    rest = text[end:]
    return bool(
        _named_body(bodies[0])
        and _CELL_NAME_TAIL_RE.match(rest)
        and not _DIRECTIVE_VERB_RE.match(rest.strip())
    )


def _is_verb(text: str) -> bool:
    return bool(_DIRECTIVE_VERB_RE.match(text[:1].lower() + text[1:]))


def _cell_bodies(cell: str) -> list[str]:
    """The bodies of a table cell, leniently: pieces that do not start a body ("Trung ương",
    "thành phố") stay with the piece before them."""
    cell = re.sub(r"\([^)]*\)?", "", cell).strip(" ,;.")
    pieces: list[str] = []
    for piece in split_bodies(_expand_enumeration(cell)):
        end = body_phrase_end(piece, 0)
        if end and re.match(r"\s*(?:trình|đối với)\b", piece[end:]):
            piece = piece[:end]  # "Ủy ban nhân dân cấp tỉnh trình" -> the body
        if pieces and not _BODY_HEAD_RE.match(piece):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        else:
            pieces.append(piece)
    return pieces or ([cell] if cell else [])


def _form_record(notice: Notice, section: list[str], form: task_tables.FormTask) -> Assignment:
    bodies = _cell_bodies(form.lead)
    supporters = _cell_bodies(form.supporters)
    return Assignment(
        assignees=_canonical_list(bodies),
        task=form.task,
        doc_id=notice.doc_id,
        section=section,
        start=form.start,
        end=form.end,
        supporters=_canonical_list(supporters),
        assignees_text=bodies,
        deadline_text=form.deadline_text,
        deadline=deadlines.parse_deadline_field(form.deadline_text, notice.date),
        kind=_kind(form.task, form.task, form.deadline_text),
    )


def _table_record(notice: Notice, section: list[str], row: task_tables.TableRow) -> Assignment:
    bodies = _cell_bodies(row.lead)
    supporters = _cell_bodies(row.supporters)
    return Assignment(
        assignees=_canonical_list(bodies),
        task=row.task,
        doc_id=notice.doc_id,
        section=section,
        start=row.start,
        end=row.end,
        supporters=_canonical_list(supporters),
        assignees_text=bodies,
        deadline_text=row.deadline_text,
        deadline=row.deadline,
        kind=_kind(row.task, row.task, row.deadline_text),
    )


_LEVEL_RANKS = markers.LEVEL_ORDER


def _is_group_title(blocks: list[Block], index: int, level: str, levels: list[str]) -> bool:
    """A numbered item whose own items follow it ("1. Tăng cường công tác lãnh đạo ..." then
    "- ..."): it names a group of tasks, the items are the tasks."""
    if level not in _LEVEL_RANKS[:5] or index + 1 >= len(blocks):
        return False
    following = levels[index + 1]
    return (
        # its items follow it in its own section: the last item of an article ("4. Giúp đỡ, hỗ
        # trợ ..." of "Điều 136. Trách nhiệm của người sử dụng lao động") is no title of the
        # next article's lettered points (NQ 45/2019/QH14, tune half)
        blocks[index + 1].section == blocks[index].section
        and following in _LEVEL_RANKS
        and _LEVEL_RANKS.index(following) > _LEVEL_RANKS.index(level)
        and not blocks[index].text.rstrip().endswith(":")
    )


def _marker_len(text: str) -> int:
    return markers.item_marker_end(text)


def _inherited_subject(
    notice: Notice,
    block: Block,
    intros: list[tuple[str, list[str], list[str], str]],
    in_list: bool = False,
    cache: dict | None = None,
) -> tuple[list[str] | None, str]:
    """(bodies, the heading or intro that names them) from the innermost heading that names
    them (a body heading or a list intro such as "đề nghị X ... sau:"), else from an open list
    intro among the preceding blocks. Items under an elaboration ("..., theo hướng:") inherit
    nothing."""
    cache = {} if cache is None else cache
    for depth in range(len(block.section), 0, -1):
        # Every block under a heading asks about it again: remember the answer per heading path
        # (a long law asks ~100,000 times).
        path = tuple(block.section[:depth])
        if path not in cache:
            full = _full_heading(notice.text, path[-1], block.start)
            if _ELABORATION_RE.search(full):
                cache[path] = None
            else:
                cache[path] = (
                    _heading_subject(full)
                    # "2. Cơ quan, tổ chức, doanh nghiệp tổ chức hoạt động ... có trách nhiệm
                    # sau:" (TT 27/2022/TT-BLĐTBXH, eleventh-round tune doc): before the intro's
                    # verb readings, which take "tổ chức hoạt động" inside the party for its verb
                    or duty_heading_party(full)
                    or _intro_subject(full)
                    or party_heading(full, list(path[:-1]))
                    or duty_heading_party(full)
                    or []
                )
        bodies = cache[path]
        if bodies is None:
            return None, ""
        if bodies:
            return bodies, _full_heading(notice.text, path[-1], block.start)
    if intros and (_marker_level(block.text) or in_list):
        return intros[-1][1], intros[-1][3]
    return None, ""


def _intro_supporters(source: str) -> list[str]:
    """The supporters a heading or intro gives its items: "Bộ Tài chính chủ trì, phối hợp với
    các cơ quan, địa phương:"."""
    found = _SUPPORT_RE.search(source) if source else None
    if not found:
        return []
    end = body_phrase_end(source, found.end())
    return parse_subject(source[found.end() : end]) or []

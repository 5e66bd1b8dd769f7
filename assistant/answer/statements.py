"""A passage cut into statements: lines, sentences, semicolon clauses, a task table's row as one
statement; capitalised headings told apart (they name a topic and answer nothing)."""

from __future__ import annotations

import re

from assistant.core.text import fold
from assistant.core.text import split_sentences as sentences_of

# Notices chain tasks with semicolons ("...; Sở Tài chính ..."): a clause that ends in ";"
# before a new capitalised clause is a statement of its own.
_STATEMENT_END = re.compile(r"(?<=;)\s+(?=[A-ZĐÀ-Ỹ0-9“\"(-])")

folded = fold  # the accent-folded key compose's callers match with (assistant.core.text)


# A line that is only a row number ("7.", "12"): a table row of a plan's task list starts
# there and its cells (task, lead body, partners, product, deadline) follow one per line.
_ROW_NUMBER = re.compile(r"\d{1,3}\.?")


def split_sentences(text: str) -> list[str]:
    """Statements: lines, their sentences and semicolon clauses; each table row is one
    statement, its cells one answer (a task with its lead body and its deadline), though each
    sits on its own line and its task cell may hold several sentences."""
    statements = []
    for unit, is_row in _rows(text):
        if is_row:
            statements.append(unit)
            continue
        for line in unit.split("\n"):
            for sentence in sentences_of(line):
                clauses = _STATEMENT_END.split(sentence)
                statements.extend(c.strip() for c in clauses if len(c.strip()) > 1)
    return statements


# A passage of a task table may start inside a row whose number line fell in the passage
# before: its cells (task, lead body, partners, product, deadline) sit one per line before the
# first row number. Lines before the first row number are read as such a row when there are at
# least ROW_TAIL_LINES of them and most are cell-short (under ROW_CELL_CHARS characters); one
# heading line, or a paragraph, stays prose. Chosen by hand on the tune half's task tables
# (a row's tail: 5-7 lines, all but the task cell under 40 characters).
ROW_TAIL_LINES = 3
ROW_CELL_CHARS = 60


def _rows(text: str) -> list[tuple[str, bool]]:
    """(unit, is_row): the text cut before each row-number line; the lines within a row joined
    by spaces. Text without row-number lines comes back whole, as prose."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _ROW_NUMBER.fullmatch(line.strip())]
    if not starts:
        return [(text, False)]
    units = []
    lead = [line.strip() for line in lines[: starts[0]] if line.strip()]
    if lead:
        short = sum(len(line) < ROW_CELL_CHARS for line in lead)
        if len(lead) >= ROW_TAIL_LINES and short * 2 > len(lead):
            units.append((" ".join(lead), True))
        else:
            units.append(("\n".join(lines[: starts[0]]), False))
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        row = " ".join(line.strip() for line in lines[start + 1 : end] if line.strip())
        if row:
            units.append((row, True))
    return units


def _is_heading(sentence: str) -> bool:
    """A heading line in capitals ("I- VỀ NỘI DUNG DỰ THẢO ..."): it names the topic of the
    sentences under it and answers nothing itself."""
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) >= _HEADING_LETTERS and not any(c.islower() for c in letters)


_HEADING_LETTERS = 8  # fewer capitals are an acronym or a body's short name ("UBND tỉnh")


def statements(sentences: list[str]) -> list[str]:
    """The sentences that can answer: headings left out, unless there is nothing else."""
    return [s for s in sentences if not _is_heading(s)] or sentences


# A list's lead-in and its items read as one statement: "a) Phạt tiền từ 10.000.000 đồng đến
# 15.000.000 đồng đối với một trong các hành vi vi phạm sau đây:" + "Hành vi không cập nhật
# danh sách đen;" (the amount is in the lead-in, the act in the item), "1. Thanh tra viên ...
# có quyền xử phạt ... như sau:" + "b) Phạt tiền đến 5.000.000 đồng;" (the subject is in the
# lead-in, often the passage's heading, the amount in the item). A lead-in ends with ":"; its
# list runs to the next lead-in or the next item labelled like the lead-in itself (its sibling:
# "b)" after "a) ... sau đây:").
_LABEL = re.compile(r"^\s*(?:([a-zđ])\)|(\d{1,2})[.)]|([ivxlc]+)[.)]|([-–+•]))\s*", re.I)


def label_style(sentence: str) -> str:
    """The kind of the list label a sentence opens with: "letter" (a), "number" (2.),
    "roman" (iv.), "bullet" (-); "" when it opens with none."""
    match = _LABEL.match(sentence)
    if not match:
        return ""
    return ("letter", "number", "roman", "bullet")[
        next(i for i, group in enumerate(match.groups()) if group)
    ]


def list_leads(sentences: list[str], heading: str = "") -> list[str]:
    """For each sentence, the lead-in of the list it is an item of ("" when none): the last
    sentence before it that ends with ":", or the passage's `heading` when that is a lead-in
    (heading_lead), until an item labelled like the lead-in ends its list."""
    lead = heading if heading.rstrip().endswith(":") else ""
    style = label_style(lead) if lead else ""
    leads = []
    for sentence in sentences:
        own = label_style(sentence)
        if lead and own and own == style:
            lead, style = "", ""
        leads.append(lead)
        if sentence.rstrip().endswith(":"):
            lead, style = sentence, own
    return leads


def heading_lead(section: list[str], context: list[str]) -> str:
    """The passage's innermost heading written out whole (a path shows a long one cut with
    "…"; the chunk's context lines go on from there) when it is a list's lead-in, ending with
    ":"; "" otherwise."""
    if not section:
        return ""
    title = section[-1].strip()
    if title.endswith("…"):
        rest = next((line for line in reversed(context) if line.startswith("…")), "")
        if not rest:
            return ""
        title = f"{title[:-1].rstrip()} {rest[1:].lstrip()}"
    return title if title.rstrip().endswith(":") else ""

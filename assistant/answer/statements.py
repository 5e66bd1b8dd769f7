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


# Weight of a question term that the passage's document already says of itself (its title,

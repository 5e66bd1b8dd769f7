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
    sits on its own line."""
    statements = []
    for unit in _rows(text):
        for line in unit.split("\n"):
            for sentence in sentences_of(line):
                clauses = _STATEMENT_END.split(sentence)
                statements.extend(c.strip() for c in clauses if len(c.strip()) > 1)
    return statements


def _rows(text: str) -> list[str]:
    """The text cut before each row-number line; lines within a row joined by spaces. Text
    without row-number lines comes back whole."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _ROW_NUMBER.fullmatch(line.strip())]
    if not starts:
        return [text]
    units = ["\n".join(lines[: starts[0]])] if starts[0] else []
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        units.append(" ".join(line.strip() for line in lines[start + 1 : end] if line.strip()))
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

"""'And by when?' after an answer about a task: the deadlines of the ledger records in the
passages that answer cited, one cited line per task."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.compose import folded
from assistant.answer.conversation import Turn
from assistant.answer.reads import Reads, gloss
from assistant.core.records import Citation


def deadline_lines(
    reads: Reads, previous: Turn, language: str, bodies_of: Callable[[str], list[str]]
) -> tuple[str, list[Citation]] | None:
    """(the answer text, its citations); None when the cited passages hold no deadline (the
    question is then asked as resolved). bodies_of(question): the bodies a question names."""
    if not previous.found or not previous.cited:
        return None
    used = {int(n) for n in re.findall(r"\[(\d+)\]", previous.answer)} or {1}
    passages = [c for n, c in enumerate(previous.cited, start=1) if n in used]
    inside = [
        r
        for c in passages
        for r in reads.assignments()
        if r.doc_id == c["doc_id"] and r.start < c["end"] and c["start"] < r.end
    ]
    records = [r for r in inside if r.deadline_text]
    # The task the previous turn was about: records of the bodies its question or answer
    # named, when any (a passage often holds several bodies' tasks).
    named = folded(" ".join([previous.resolved, previous.answer]))
    own = [r for r in records if any(folded(b) in named for b in r.assignees)]
    asked = bodies_of(previous.resolved)
    if asked:
        own = [r for r in own if set(r.assignees) & set(asked)]
    records = own or deadline_elsewhere(reads.assignments(), inside, named, asked)
    if not records:
        return None
    citations, lines = [], []
    for n, record in enumerate(records[:5], start=1):
        citation = reads.record_citation(record)
        citation.n = n
        citations.append(citation)
        bodies = ", ".join(gloss(b) if language == "en" else b for b in record.assignees)
        head = "Deadline" if language == "en" else "Thời hạn"
        who = f" — {bodies}" if bodies else ""
        lines.append(f"{head}: {record.deadline_text} [{n}]{who}: “{record.task}”")
    return "\n".join(lines), citations


def deadline_elsewhere(assignments: list, inside: list, named: str, asked: list[str]) -> list:
    """The cited task has no deadline where it is stated: a notice often sets it in a later
    clause ("Bộ Tài chính chỉ đạo Bảo hiểm xã hội Việt Nam tổ chức thực hiện theo Điều 1 Nghị
    quyết này xong trước ngày 01 tháng 5 năm 2026"). The records of the same notice with a
    deadline that assign work to, or name, a body that the cited records (`inside`) assign and
    the previous turn named (`named`, folded; `asked`: the bodies its question named)."""
    bodies = {
        b for r in inside for b in r.assignees if folded(b) in named and (not asked or b in asked)
    }
    docs = {r.doc_id for r in inside}
    return [
        r
        for r in assignments
        if r.doc_id in docs
        and r.deadline_text
        and any(b in r.assignees or folded(b) in folded(r.task) for b in bodies)
    ]

"""Answers to "what is X assigned to?" straight from the assignment ledger, each task cited."""

from __future__ import annotations

from collections.abc import Callable

from assistant.core.i18n import format_date
from assistant.core.records import Answer, Citation, LedgerRecord
from assistant.ledger.state import STATUS_LABELS
from assistant.vocab.bodies import body_key, english_name

MAX_TASKS = 12


def tasks_of(
    records: list[LedgerRecord], bodies: list[str], include_support: bool = False
) -> list[LedgerRecord]:
    """Ledger records whose lead (a staff correction, else the notice's) or, if asked,
    supporting body is one of `bodies`. Exact names first; failing that, bodies that contain
    the name ("Đảng ủy Công an tỉnh" for "Công an tỉnh"), so a question about the police still
    finds its Party committee's tasks."""
    wanted = {body_key(b) for b in bodies}
    keys: dict[str, str] = {}  # records repeat a few hundred names: each is keyed once

    def key_of(body: str) -> str:
        if body not in keys:
            keys[body] = body_key(body)
        return keys[body]

    def named(record: LedgerRecord) -> list[str]:
        return [
            key_of(b)
            for b in record.effective_assignees + (record.supporters if include_support else [])
        ]

    exact = [r for r in records if wanted & set(named(r))]
    if exact:
        return exact
    return [r for r in records if any(w in key for w in wanted for key in named(r))]


def _staff_note(record: LedgerRecord, language: str) -> str:
    """What staff recorded about a task (status, corrections), or ''. The notice's own words
    stay in the quoted task."""
    parts = []
    status = record.status or "todo"
    if status != "todo":
        parts.append(STATUS_LABELS["en" if language == "en" else "vi"][status])
    if record.deadline_correction:
        day = format_date(record.deadline_correction, language)
        parts.append(f"corrected deadline: {day}" if language == "en" else f"hạn đã sửa: {day}")
    if record.assignee_correction and record.assignees:
        named = "; ".join(record.assignees)
        parts.append(f"lead as written: {named}" if language == "en" else f"văn bản giao: {named}")
    if not parts:
        return ""
    return (" — staff: " if language == "en" else " — cán bộ ghi: ") + "; ".join(parts)


def ledger_answer(
    question: str,
    language: str,
    bodies: list[str],
    records: list[LedgerRecord],
    source: Callable[[LedgerRecord], Citation],
) -> Answer | None:
    """None when the ledger holds nothing for these bodies: the caller then searches.
    `source(record)` gives the citation of the passage that holds the record. A corrected lead
    body or deadline (staff state) stands for the notice's."""
    leads = tasks_of(records, bodies)
    rows = leads or tasks_of(records, bodies, include_support=True)
    if not rows:
        return None
    rows = sorted(rows, key=lambda r: (r.effective_deadline or "9999", r.date))[:MAX_TASKS]

    citations: list[Citation] = []
    by_chunk: dict[str, int] = {}
    lines = []
    for record in rows:
        chunk_citation = source(record)
        if chunk_citation.chunk_id not in by_chunk:
            chunk_citation.n = len(citations) + 1
            citations.append(chunk_citation)
            by_chunk[chunk_citation.chunk_id] = chunk_citation.n
        n = by_chunk[chunk_citation.chunk_id]
        deadline = record.deadline_text
        if language == "en":
            due = f" (deadline: {deadline})" if deadline else ""
        else:
            due = f" (hạn: {deadline})" if deadline else ""
        lines.append(f"- “{record.task}”{due} [{n}]{_staff_note(record, language)}")

    names = ", ".join(bodies)
    if language == "en":
        english = ", ".join(f"the {english_name(b) or b} ({b})" for b in bodies)
        role = "is assigned" if leads else "supports"
        head = f"According to the notices, {english} {role} {len(rows)} task(s):"
    else:
        role = "được giao" if leads else "phối hợp thực hiện"
        head = f"Theo các thông báo, {names} {role} {len(rows)} nhiệm vụ:"
    return Answer(
        question=question,
        answer="\n".join([head, *lines]),
        found=True,
        citations=citations,
        language=language,
        mode="ledger",
    )

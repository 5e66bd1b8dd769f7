"""What staff record about each ledger task: status, a note, corrected assignee and deadline.

Stored in the store folder's user-state database (`<store>/user.db`, shared with conversations
and feedback; each module owns its tables). A task is keyed by its document's identity (số hiệu
+ issuer, else the file name) and a hash of its normalized text, not by the content-hash doc_id:
re-ingesting an unchanged notice, or a corrected version of it (a new doc_id), finds the same
row. When a task's key no longer matches (the corrected version got a new number, or the file
was renamed), a row left without a task is followed by lead body + task text, if exactly one
task matches it.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePath

from assistant.core.dates import typed_date
from assistant.core.errors import LedgerInputError, UserStateUnavailable
from assistant.core.records import LedgerRecord
from assistant.core.text import fold as fold_text
from assistant.core.text import normalize_unicode
from assistant.vocab.bodies import body_key

USER_DB = "user.db"
STATUSES = ("todo", "doing", "done")
STATUS_LABELS = {
    "vi": {"todo": "chưa thực hiện", "doing": "đang thực hiện", "done": "hoàn thành"},
    "en": {"todo": "not started", "doing": "in progress", "done": "done"},
}
# Seconds a writer waits for another's transaction (a page session and a CLI at once).
BUSY_TIMEOUT_S = 5.0
# Share of words (Jaccard) at which a reworded task in the corrected notice is the same task.
# Calibrated on tests/fixtures/versions pair a: the reworded task scores 0.70 against its
# original, the notice's other tasks 0.23 at most.
SIMILAR_TASK = 0.6
HANDLE_CHARS = 8  # short code shown by the CLI; 8 hex digits: collisions need ~65k tasks

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_task_state (
    doc_key TEXT NOT NULL,      -- document identity: 'no:<number>|<issuer>' or 'file:<name>'
    task_hash TEXT NOT NULL,    -- hash of the normalized task text (+ '#n' for repeats)
    lead_key TEXT NOT NULL,     -- first extracted lead body, for following a task
    task_fold TEXT NOT NULL,    -- folded task text, for following a task
    status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
    note TEXT NOT NULL DEFAULT '',
    assignee TEXT,              -- staff correction of the lead body; NULL: as extracted
    deadline TEXT,              -- staff correction (ISO date); NULL: as extracted
    updated_at TEXT NOT NULL,
    PRIMARY KEY (doc_key, task_hash)
);
CREATE INDEX IF NOT EXISTS ledger_task_follow ON ledger_task_state (lead_key, task_fold);
"""

_PUNCT = re.compile(r"[^\w]+")


@dataclass
class TaskState:
    status: str = "todo"
    note: str = ""
    assignee: str | None = None
    deadline: str | None = None
    updated_at: str = ""


# --- keys --------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """The folded text with punctuation as spaces: keys stored in the database (unchanged)."""
    return _PUNCT.sub(" ", fold_text(text)).strip()


def doc_identity(record: LedgerRecord) -> str:
    """Stable across versions of one notice: its number and issuer, else its file name."""
    number = normalize_unicode(record.number or "").strip()
    if number:
        return f"no:{_fold(number)}|{_fold(record.issuer or '')}"
    # The file name only (never the folder): the same notice ingested from another path or
    # another machine keeps its staff state.
    return f"file:{PurePath(record.source or record.doc_id).name}"


def record_fold(record: LedgerRecord) -> str:
    """The task's words without its deadline: a corrected notice often moves only the date
    ("trước ngày 31/12/2024" -> "31/3/2025"), and the task must keep its staff state."""
    task, deadline = record.task or "", record.deadline_text or ""
    return task_fold(task.replace(deadline, " ") if deadline else task)


def similarity(a: str, b: str) -> float:
    """Share of words two folded task texts have in common (Jaccard)."""
    left, right = set(a.split()), set(b.split())
    return len(left & right) / len(left | right) if left or right else 0.0


def task_fold(text: str) -> str:
    """Task text with case, accents, punctuation and spacing folded away."""
    return _fold(text)


def task_keys(records: list[LedgerRecord], folds: list[str] | None = None) -> list[tuple[str, str]]:
    """(doc_key, task_hash) of each record; a task repeated word for word in one notice is
    told apart by its order of appearance. `folds`: the records' task_fold, if already made."""
    folds = folds or [record_fold(record) for record in records]
    seen: dict[tuple[str, str], int] = {}
    keys = []
    for record, fold in zip(records, folds, strict=True):
        doc = doc_identity(record)
        digest = hashlib.sha1(fold.encode()).hexdigest()[:16]
        count = seen.get((doc, digest), 0) + 1
        seen[(doc, digest)] = count
        keys.append((doc, digest if count == 1 else f"{digest}#{count}"))
    return keys


def handle(doc_key: str, task_hash: str) -> str:
    """The short code a staff member types in the CLI to address a task."""
    return hashlib.sha1(f"{doc_key}\n{task_hash}".encode()).hexdigest()[:HANDLE_CHARS]


def _lead_key(record: LedgerRecord) -> str:
    leads = record.assignees or []
    return body_key(leads[0]) if leads else ""


# --- parsing staff input -------------------------------------------------------------------


def parse_status(text: str) -> str:
    """'done', 'hoàn thành', 'hoan thanh', 'in progress' ... -> a status code."""
    wanted = _fold(text)
    for code in STATUSES:
        names = {code, *(_fold(labels[code]) for labels in STATUS_LABELS.values())}
        if wanted in names:
            return code
    raise LedgerInputError(
        f"'{text}' is not a task status. Use one of: chưa thực hiện, đang thực hiện, "
        "hoàn thành (or todo, doing, done).",
        vi=f"'{text}' không phải trạng thái. Chọn: chưa thực hiện, đang thực hiện, hoàn thành.",
    )


def parse_deadline(text: str) -> str:
    """'30/6/2026' or '2026-06-30' -> '2026-06-30'."""
    try:
        iso = typed_date(text)
    except ValueError:
        raise LedgerInputError(
            f"'{text}' is not a real date. Check the day and month (DD/MM/YYYY).",
            vi=f"Ngày '{text}' không có thật. Kiểm tra lại ngày và tháng (DD/MM/YYYY).",
        ) from None
    if iso is None:
        raise LedgerInputError(
            f"'{text}' is not a deadline. Write it as DD/MM/YYYY (e.g. 30/06/2026) or YYYY-MM-DD.",
            vi=f"'{text}' không phải một ngày. Ghi hạn theo dạng DD/MM/YYYY (ví dụ 30/06/2026).",
        )
    return iso


# --- the database --------------------------------------------------------------------------


class LedgerState:
    """Staff state of ledger tasks in one SQLite file. Opens a connection per operation: the
    page's sessions run in threads, and a short-lived connection is cheap."""

    def __init__(self, path: Path):
        self.path = Path(path)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @classmethod
    def for_store(cls, store: Path) -> LedgerState:
        return cls(Path(store) / USER_DB)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)
        except (OSError, sqlite3.Error) as exc:
            raise UserStateUnavailable(str(self.path), str(exc)) from exc
        try:
            db.execute("PRAGMA journal_mode=WAL")
            with db:  # one transaction: committed on success, rolled back on error
                yield db
        except sqlite3.Error as exc:
            raise UserStateUnavailable(str(self.path), str(exc)) from exc
        finally:
            db.close()

    def is_empty(self) -> bool:
        """No staff input recorded yet (callers may then skip attach)."""
        with self._connect() as db:
            return db.execute("SELECT 1 FROM ledger_task_state LIMIT 1").fetchone() is None

    def attach(self, records: list[LedgerRecord]) -> list[LedgerRecord]:
        """Copies of `records` (all of the ledger's records: a row is only followed when no
        current task holds its key) with their staff state: key, status, note, assignee and
        deadline corrections."""
        # Folding is the costly part (7,673 gazette tasks: 1.2 s CPU when done three times).
        folds = [record_fold(record) for record in records]
        keys = task_keys(records, folds)
        with self._connect() as db:
            rows = db.execute(
                "SELECT doc_key, task_hash, lead_key, task_fold, status, note, assignee, "
                "deadline, updated_at FROM ledger_task_state"
            ).fetchall()
        by_key = {(r[0], r[1]): r for r in rows}
        followed = _follow(records, keys, folds, rows)

        attached = []
        for i, (record, key) in enumerate(zip(records, keys, strict=True)):
            row = by_key.get(key) or followed.get(i)
            origin = followed.get(i) if key not in by_key else None
            state = TaskState(*row[4:]) if row else TaskState()
            attached.append(
                replace(
                    record,
                    key=handle(*key),
                    state_key=list(key),
                    followed_from=[origin[0], origin[1]] if origin else None,
                    status=state.status,
                    note=state.note,
                    assignee_correction=state.assignee,
                    deadline_correction=state.deadline,
                    updated_at=state.updated_at,
                )
            )
        return attached

    def update(
        self,
        record: LedgerRecord,
        *,
        status: str | None = None,
        note: str | None = None,
        assignee: str | None = None,
        deadline: str | None = None,
        clear_assignee: bool = False,
        clear_deadline: bool = False,
    ) -> None:
        """Record staff input for one attached record. None leaves a field as it is;
        clear_* goes back to the extracted value."""
        fields: dict[str, str | None] = {}
        if status is not None:
            fields["status"] = parse_status(status)
        if note is not None:
            fields["note"] = normalize_unicode(note).strip()
        if clear_assignee:
            fields["assignee"] = None
        elif assignee is not None:
            cleaned = normalize_unicode(assignee).strip()
            fields["assignee"] = cleaned or None
        if clear_deadline:
            fields["deadline"] = None
        elif deadline is not None:
            fields["deadline"] = parse_deadline(deadline) if deadline.strip() else None
        doc_key, task_hash = record.state_key
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as db:
            if record.followed_from and not _exists(db, doc_key, task_hash):
                # The task moved into a corrected notice: its row moves with it.
                old_doc, old_task = record.followed_from
                db.execute(
                    "UPDATE ledger_task_state SET doc_key = ?, task_hash = ? "
                    "WHERE doc_key = ? AND task_hash = ?",
                    (doc_key, task_hash, old_doc, old_task),
                )
            db.execute(
                "INSERT INTO ledger_task_state (doc_key, task_hash, lead_key, task_fold, "
                "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (doc_key, task_hash, _lead_key(record), record_fold(record), now),
            )
            assignments = ", ".join(f"{name} = ?" for name in fields)
            db.execute(
                f"UPDATE ledger_task_state SET {assignments + ', ' if fields else ''}"
                "lead_key = ?, task_fold = ?, updated_at = ? WHERE doc_key = ? AND task_hash = ?",
                (
                    *fields.values(),
                    _lead_key(record),
                    record_fold(record),
                    now,
                    doc_key,
                    task_hash,
                ),
            )


def _follow(
    records: list[LedgerRecord], keys: list[tuple[str, str]], folds: list[str], rows: list[tuple]
) -> dict[int, tuple]:
    """{record index: stored row} for rows no current task holds (the task's text or its
    notice's identity changed). A row goes to a task only when each is the other's one match:
    1. the same lead body and the same text (the notice got a new number or file name);
    2. in the same notice, the same lead and mostly the same words (the task was reworded)."""
    current = set(keys)
    orphans = [r for r in rows if (r[0], r[1]) not in current]
    if not orphans:
        return {}
    stored = {(r[0], r[1]) for r in rows}
    open_tasks = [i for i, key in enumerate(keys) if key not in stored]
    leads = {i: _lead_key(records[i]) for i in open_tasks}
    found: dict[int, tuple] = {}

    def pair(candidates: dict[int, list[tuple]]) -> None:
        claims: dict[tuple, list[int]] = {}
        for i, matches in candidates.items():
            for row in matches:
                claims.setdefault(row[:2], []).append(i)
        for i, matches in candidates.items():
            if len(matches) == 1 and len(claims[matches[0][:2]]) == 1:
                found[i] = matches[0]

    by_text: dict[tuple[str, str], list[tuple]] = {}
    for row in orphans:
        by_text.setdefault((row[2], row[3]), []).append(row)
    pair({i: by_text.get((leads[i], folds[i]), []) for i in open_tasks})

    taken = {row[:2] for row in found.values()}
    by_notice: dict[tuple[str, str], list[tuple]] = {}
    for row in orphans:
        if row[:2] not in taken:
            by_notice.setdefault((row[0], row[2]), []).append(row)
    pair(
        {
            i: [
                row
                for row in by_notice.get((keys[i][0], leads[i]), [])
                if similarity(row[3], folds[i]) >= SIMILAR_TASK
            ]
            for i in open_tasks
            if i not in found
        }
    )
    return found


def _exists(db: sqlite3.Connection, doc_key: str, task_hash: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM ledger_task_state WHERE doc_key = ? AND task_hash = ?",
        (doc_key, task_hash),
    ).fetchone()
    return row is not None


def find_task(records: list[LedgerRecord], code: str) -> LedgerRecord:
    """The attached record whose short code starts with `code` (at least 4 characters)."""
    code = code.strip().lstrip("#").lower()
    matches = [r for r in records if len(code) >= 4 and r.key.startswith(code)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LedgerInputError(
            f"No task has the code '{code}'. List the tasks with "
            "`python -m assistant assignments` and copy the code in brackets (at least 4 "
            "characters)."
        )
    raise LedgerInputError(f"The code '{code}' fits {len(matches)} tasks; type more of it.")


EDITABLE = ("status", "note", "assignee", "deadline")


def apply_edits(state: LedgerState, records: list[LedgerRecord], edits: dict[str, dict]) -> int:
    """Staff edits from a table, {task code: {field: new value}} with fields from EDITABLE; an
    empty assignee or deadline goes back to the extracted value. Every edit is checked before
    any is written, so one bad value changes nothing. Returns the number of tasks changed."""
    by_key = {record.key: record for record in records}
    planned = []
    for code, fields in edits.items():
        unknown = set(fields) - set(EDITABLE)
        if unknown or code not in by_key:
            raise LedgerInputError(
                f"Cannot edit {', '.join(sorted(unknown)) or 'task ' + code}: only the status, "
                "note, assignee and deadline of a listed task can be changed."
            )
        change: dict = {}
        if "status" in fields:
            change["status"] = parse_status(fields["status"] or "todo")
        if "note" in fields:
            change["note"] = fields["note"] or ""
        if "assignee" in fields:
            value = (fields["assignee"] or "").strip()
            change["assignee" if value else "clear_assignee"] = value or True
        if "deadline" in fields:
            value = str(fields["deadline"] or "").strip()[:10]
            if value:
                change["deadline"] = parse_deadline(value)
            else:
                change["clear_deadline"] = True
        planned.append((by_key[code], change))
    for record, change in planned:
        state.update(record, **change)
    return len(planned)


def edits_from_table(
    edited_rows: dict, keys: list[str], columns: dict[str, str]
) -> dict[str, dict]:
    """st.data_editor's {row position: {column: value}} -> {task code: {field: value}}, for
    the table showing the tasks `keys` in that order. `columns` maps an editable column to its
    field (a status comes back as its label: apply_edits reads labels in either language)."""
    edits: dict[str, dict] = {}
    for position, changed in edited_rows.items():
        fields = {columns[c]: v for c, v in changed.items() if c in columns}
        if fields:
            edits[keys[int(position)]] = fields
    return edits

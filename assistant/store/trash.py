"""Deleted notices: their files in `<store>/trash/`, their record in `<store>/user.db`.

Deleting a notice moves its file out of the ingested folder, so no later ingest of that folder
brings it back, and remembers the content's hash (a tombstone): a copy of the file elsewhere in
an ingested folder, or a file that could not be moved (a read-only corpus), is skipped by folder
ingests too. Naming the file explicitly (`python -m ingest FILE`, an upload) or
`python -m ingest restore` brings it back and lifts the tombstone.

Order of a delete, so that a crash at any point leaves the notice gone or easy to restore:
the tombstone row is committed first (from then on ingest skips and removes the content), then the
file moves, then the store forgets the document (uncommit first, see store.py).
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import TrashError
from assistant.core.records import DocumentRecord

TRASHED, RESTORED = "trashed", "restored"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS lifecycle_trash (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    content_sha TEXT NOT NULL,
    source TEXT NOT NULL,          -- where the file was ingested from
    trashed_path TEXT NOT NULL,    -- where it is now ("" when it could not be kept)
    moved INTEGER NOT NULL,        -- 1: moved out of its folder; 0: left in place (read-only)
    label TEXT NOT NULL,           -- số hiệu, date, issuer: what the user saw
    title TEXT NOT NULL,
    deleted_at REAL NOT NULL,
    state TEXT NOT NULL            -- trashed | restored
);
CREATE INDEX IF NOT EXISTS lifecycle_trash_sha ON lifecycle_trash (content_sha, state);
"""


@dataclass
class TrashEntry:
    id: int
    doc_id: str
    content_sha: str
    source: str
    trashed_path: str
    moved: bool
    label: str
    title: str
    deleted_at: float
    state: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


class Trash:
    def __init__(self, store_dir: Path):
        self.store_dir = Path(store_dir)
        self.folder = self.store_dir / "trash"
        self.db_path = self.store_dir / "user.db"

    def _connect(self) -> sqlite3.Connection:
        self.store_dir.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.db_path, timeout=30)
        connection.executescript(_SCHEMA)
        return connection

    # --- readers -------------------------------------------------------------------------

    def entries(self, state: str | None = TRASHED) -> list[TrashEntry]:
        if not self.db_path.exists():
            return []
        with closing(self._connect()) as db:
            query = "SELECT * FROM lifecycle_trash"
            args: tuple = ()
            if state:
                query += " WHERE state = ?"
                args = (state,)
            rows = db.execute(query + " ORDER BY id DESC", args).fetchall()
        return [_entry(row) for row in rows]

    def tombstones(self) -> dict[str, TrashEntry]:
        """content_sha -> the entry of a deleted notice (and doc_id -> entry, for records whose
        content hash is unknown)."""
        found: dict[str, TrashEntry] = {}
        for entry in self.entries():
            if entry.content_sha:
                found.setdefault(entry.content_sha, entry)
            found.setdefault(f"doc:{entry.doc_id}", entry)
        return found

    def find(self, ref: str) -> list[TrashEntry]:
        """Entries named by their trash id, a doc_id prefix, the file name or the số hiệu."""
        ref = ref.strip()
        entries = self.entries()
        if ref.isdigit():
            exact = [e for e in entries if e.id == int(ref)]
            if exact:
                return exact
        return [
            e
            for e in entries
            if (len(ref) >= 6 and e.doc_id.startswith(ref))
            or Path(e.source).name == ref
            or e.source == ref
            or (ref and ref in e.label)
        ]

    # --- writers (callers hold the store's writer lock) -----------------------------------

    def put(self, doc: DocumentRecord, content_sha: str, label: str) -> TrashEntry:
        """Record the tombstone, then move the file (if it still exists) into the trash."""
        source = Path(doc.source)
        with closing(self._connect()) as db, db:
            cursor = db.execute(
                "INSERT INTO lifecycle_trash (doc_id, content_sha, source, trashed_path, moved,"
                " label, title, deleted_at, state) VALUES (?, ?, ?, '', 0, ?, ?, ?, ?)",
                (
                    doc.doc_id,
                    content_sha,
                    str(source),
                    label,
                    doc.title,
                    time.time(),
                    TRASHED,
                ),
            )
            entry_id = cursor.lastrowid
        target = self.folder / f"{entry_id:05d}-{source.name or 'document'}"
        moved = False
        kept = ""
        if source.is_file():
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                shutil.move(str(source), str(target))
                moved, kept = True, str(target)
            except OSError:
                # A read-only folder (a shared corpus): keep a copy to restore from; the
                # tombstone keeps folder ingests from bringing the original back.
                try:
                    if source.exists():
                        shutil.copy2(source, target)
                        kept = str(target)
                except OSError:
                    kept = ""
        with closing(self._connect()) as db, db:
            db.execute(
                "UPDATE lifecycle_trash SET trashed_path = ?, moved = ? WHERE id = ?",
                (kept, int(moved), entry_id),
            )
        return self.get(entry_id)

    def get(self, entry_id: int) -> TrashEntry:
        with closing(self._connect()) as db:
            row = db.execute("SELECT * FROM lifecycle_trash WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise TrashError(f"No trash entry {entry_id}. List them with `python -m ingest trash`.")
        return _entry(row)

    def take_back(self, entry: TrashEntry) -> Path:
        """Move the file back where it was ingested from (next to it, if that name is taken by
        another file); returns the path to ingest. The tombstone is lifted by mark_restored."""
        source = Path(entry.source)
        kept = Path(entry.trashed_path) if entry.trashed_path else None
        if not entry.moved:
            if source.is_file():
                return source  # never moved (read-only folder): ingest it in place
            if kept is None or not kept.is_file():
                raise TrashError(
                    f"The file of trash entry {entry.id} ({source.name}) is gone from both "
                    f"{source} and the trash; there is nothing to restore."
                )
        if kept is None or not kept.is_file():
            if source.is_file():
                return source
            raise TrashError(
                f"The trashed file of entry {entry.id} is missing ({entry.trashed_path}); "
                "there is nothing to restore."
            )
        target = source
        if target.exists():
            target = source.with_name(f"{source.stem}-restored-{entry.id}{source.suffix}")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(kept), str(target))
        except OSError as exc:
            raise TrashError(
                f"Cannot put {source.name} back into {target.parent} ({exc.strerror}). "
                f"Copy {kept} there yourself, then run `python -m ingest {target}`."
            ) from None
        return target

    def mark_restored(self, content_sha: str = "", doc_id: str = "") -> int:
        """Lift the tombstones of this content (an explicit ingest or a restore brings it back)."""
        if not self.db_path.exists():
            return 0
        with closing(self._connect()) as db, db:
            cursor = db.execute(
                "UPDATE lifecycle_trash SET state = ? WHERE state = ? AND "
                "((content_sha != '' AND content_sha = ?) OR doc_id = ?)",
                (RESTORED, TRASHED, content_sha, doc_id),
            )
            return cursor.rowcount


def _entry(row: tuple) -> TrashEntry:
    return TrashEntry(
        id=row[0],
        doc_id=row[1],
        content_sha=row[2],
        source=row[3],
        trashed_path=row[4],
        moved=bool(row[5]),
        label=row[6],
        title=row[7],
        deleted_at=row[8],
        state=row[9],
    )

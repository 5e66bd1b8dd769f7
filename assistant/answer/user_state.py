"""Saved conversations and answer feedback, in the store's user database (`<store>/user.db`).

One SQLite file holds all user state (the ledger's tables live in the same file, created by
assistant/ledger/state.py). It is keyed by what survives a re-ingest: a conversation keeps its
answers with the cited passages' text, so it reads the same after the notices change. Each call
opens its own connection: Streamlit serves sessions from several threads, and SQLite's own
locking (WAL journal, busy timeout) orders concurrent writers.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

from assistant.answer.conversation import Conversation, Turn, cited_passages
from assistant.core.records import Answer

DB_NAME = "user.db"
# Seconds a writer waits for another's lock before SQLite reports "database is locked".
BUSY_TIMEOUT_S = 10.0
# Characters of the first question used as a conversation's default title in the sidebar.
TITLE_CHARS = 80

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'vi',
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS conversation_turns (
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    question TEXT NOT NULL,
    resolved TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
CREATE TABLE IF NOT EXISTS answer_feedback (
    conversation_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL DEFAULT '',
    -- A copy of the turn: the review list outlives a deleted conversation.
    question TEXT NOT NULL,
    resolved TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
"""


def database_path(store: Path | str) -> Path:
    return Path(store) / DB_NAME


class UserState:
    def __init__(self, store: Path | str):
        self.path = database_path(store)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self):
        with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)) as db:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA journal_mode = WAL")
            with db:  # one transaction: committed on success, rolled back on error
                yield db

    # --- conversations ---------------------------------------------------------------------

    def create_conversation(self, lang: str = "vi", title: str = "") -> str:
        conversation_id = uuid.uuid4().hex[:12]
        now = time.time()
        with self._connect() as db:
            db.execute(
                "INSERT INTO conversations (id, title, lang, created, updated) VALUES (?,?,?,?,?)",
                (conversation_id, title.strip(), lang, now, now),
            )
        return conversation_id

    def conversations(self) -> list[dict]:
        """Newest first: id, title, lang, created, updated, turns."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT c.*, (SELECT COUNT(*) FROM conversation_turns t"
                " WHERE t.conversation_id = c.id) AS turns"
                " FROM conversations c ORDER BY updated DESC, created DESC"
            ).fetchall()
        return [dict(row) for row in rows]

    def conversation(self, conversation_id: str) -> dict | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT * FROM conversations WHERE id = ?", (conversation_id,)
            ).fetchone()
        return dict(row) if row else None

    def rename(self, conversation_id: str, title: str) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE conversations SET title = ? WHERE id = ?", (title.strip(), conversation_id)
            )

    def delete(self, conversation_id: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    def add_turn(self, conversation_id: str, question: str, answer: Answer) -> int:
        """Record an answered question; returns its sequence number. The first question
        becomes the title of an untitled conversation."""
        resolved = answer.understood_as or question
        now = time.time()
        with self._connect() as db:
            seq = db.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM conversation_turns"
                " WHERE conversation_id = ?",
                (conversation_id,),
            ).fetchone()[0]
            db.execute(
                "INSERT INTO conversation_turns VALUES (?,?,?,?,?,?)",
                (conversation_id, seq, question, resolved, _dump(answer), now),
            )
            db.execute(
                "UPDATE conversations SET updated = ?,"
                " title = CASE WHEN title = '' THEN ? ELSE title END WHERE id = ?",
                (now, _title(question), conversation_id),
            )
        return seq

    def turns(self, conversation_id: str) -> list[dict]:
        """seq, question, resolved, answer (an Answer), in order."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT seq, question, resolved, answer_json FROM conversation_turns"
                " WHERE conversation_id = ? ORDER BY seq",
                (conversation_id,),
            ).fetchall()
        return [
            {
                "seq": row["seq"],
                "question": row["question"],
                "resolved": row["resolved"],
                "answer": Answer.from_dict(json.loads(row["answer_json"])),
            }
            for row in rows
        ]

    def load_conversation(self, conversation_id: str) -> Conversation:
        """The engine's view of a saved conversation, so a follow-up after a reload or a
        restart resolves against the same earlier turns."""
        conversation = Conversation(id=conversation_id)
        for turn in self.turns(conversation_id):
            answer = turn["answer"]
            conversation.record(
                Turn(
                    question=turn["question"],
                    resolved=turn["resolved"],
                    language=answer.language,
                    found=answer.found,
                    answer=answer.answer,
                    cited=cited_passages(answer),
                )
            )
        return conversation

    # --- feedback --------------------------------------------------------------------------

    def set_feedback(self, conversation_id: str, seq: int, rating: int, comment: str = "") -> None:
        """👍 (1) or 👎 (-1) and an optional comment on one answer; a second vote replaces the
        first."""
        if rating not in (-1, 1):
            raise ValueError(f"rating must be 1 or -1, got {rating!r}")
        with self._connect() as db:
            row = db.execute(
                "SELECT question, resolved, answer_json FROM conversation_turns"
                " WHERE conversation_id = ? AND seq = ?",
                (conversation_id, seq),
            ).fetchone()
            if row is None:
                raise KeyError(f"no answer {seq} in conversation {conversation_id}")
            db.execute(
                "INSERT INTO answer_feedback VALUES (?,?,?,?,?,?,?,?)"
                " ON CONFLICT (conversation_id, seq) DO UPDATE SET rating = excluded.rating,"
                " comment = excluded.comment, created = excluded.created",
                (
                    conversation_id,
                    seq,
                    rating,
                    comment.strip(),
                    row["question"],
                    row["resolved"],
                    row["answer_json"],
                    time.time(),
                ),
            )

    def feedback(self, conversation_id: str, seq: int) -> dict | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT rating, comment FROM answer_feedback WHERE conversation_id = ? AND seq = ?",
                (conversation_id, seq),
            ).fetchone()
        return dict(row) if row else None

    def negative_feedback(self) -> list[dict]:
        """Every 👎 answer, oldest first: question, resolved, comment, answer (an Answer)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM answer_feedback WHERE rating = -1 ORDER BY created"
            ).fetchall()
        return [
            {
                "conversation_id": row["conversation_id"],
                "seq": row["seq"],
                "question": row["question"],
                "resolved": row["resolved"],
                "comment": row["comment"],
                "created": row["created"],
                "answer": Answer.from_dict(json.loads(row["answer_json"])),
            }
            for row in rows
        ]


def _dump(answer: Answer) -> str:
    return json.dumps(answer.to_dict(), ensure_ascii=False)


def _title(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"

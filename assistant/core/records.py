"""The records that flow through ingest and the answer engine."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

# How a notice says it changes another one (ingest/relations.py reads them from its text;
# store/versions.py derives what is in force from them).
REPLACES, REPEALS, AMENDS = "replaces", "repeals", "amends"


@dataclass
class Notice:
    doc_id: str  # stable: derived from the file's content hash
    source: str  # absolute path of the file it came from
    text: str  # normalized (NFC, re-flowed) text; chunks and spans index into it
    title: str = ""
    doc_type: str = ""  # Thông báo, Kết luận, Chỉ thị, Nghị quyết, ..., "Tin bài"
    number: str = ""  # số hiệu, e.g. "1097-KL/TU"
    issuer: str = ""  # cơ quan ban hành, e.g. "TỈNH ỦY ĐẮK LẮK"
    place: str = ""
    date: str = ""  # ISO (YYYY-MM-DD, or YYYY-MM when only the month is known)
    signer: str = ""
    recipients: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Block:
    """A leaf block of a notice's heading tree: a paragraph or bullet with its headings."""

    section: list[str]  # heading path, outermost first
    text: str  # verbatim slice notice.text[start:end]
    start: int
    end: int
    kind: str = "paragraph"  # paragraph | bullet | heading


@dataclass
class Chunk:
    chunk_id: str  # f"{doc_id}:{position:04d}"
    doc_id: str
    position: int
    section: list[str]
    text: str  # verbatim slice of the normalized notice text
    start: int
    end: int
    # What the text means only with: the full intro line of its list, the task a trailing
    # deadline line belongs to, a table's header cells. Embedded and indexed, never cited.
    context: list[str] = field(default_factory=list)

    def embed_text(self) -> str:
        """What the model reads: the heading path and the context give a bullet its meaning."""
        return "\n".join(indexed_lines(self.section, self.context, self.text))


@dataclass
class ChunkRecord:
    """A stored passage as the store returns it to readers (retrieval, answers)."""

    chunk_id: str
    doc_id: str
    text: str  # verbatim slice of the document's normalized text
    section: list[str]
    start: int
    end: int
    position: int = 0  # order within its document
    context: list[str] = field(default_factory=list)  # Chunk.context: indexed, never cited


def _json_list(raw) -> list:
    """A list the store keeps as a JSON string (Chroma metadata is flat); [] when unreadable."""
    if isinstance(raw, list):
        return raw
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def date_number(iso: str) -> int:
    """ "2020-07-03" -> 20200703 (Chroma compares numbers, not strings); "2021-06" -> 20210600."""
    digits = (iso or "").replace("-", "")
    if not digits.isdigit():
        return 0
    return int(digits.ljust(8, "0")[:8])


@dataclass
class DocumentRecord:
    """A stored notice as the store returns it: its metadata, how it was ingested, and (once
    store/versions.py has resolved them) its version fields.

    Chroma keeps document metadata flat, lists as JSON strings: `from_metadata`/`to_metadata`
    are the one place that conversion (and so the field list) is written."""

    doc_id: str
    source: str = ""  # absolute path of the file it came from
    title: str = ""
    doc_type: str = ""
    number: str = ""
    issuer: str = ""
    place: str = ""
    date: str = ""  # ISO (YYYY-MM-DD or YYYY-MM)
    signer: str = ""
    recipients: list[str] = field(default_factory=list)
    # How it was read (ingest/loaders.py): file format, text encoding, whether OCR was used.
    format: str = ""
    encoding: str = ""
    ocr: bool = False
    # The relations its text states (ingest/relations.py): [{"kind", "number", ...}]. None on
    # records from before relations were kept (ingest upgrades them).
    relations: list[dict] | None = None
    content_sha: str = ""  # "" on records from before content hashes were kept
    mtime: float | None = None  # the file's modification time when it was ingested
    status: str = ""  # pending | committed (store/chroma.py)
    writer: str = ""  # the writer session that wrote it while pending
    ingested_at: float = 0.0
    chunk_count: int | None = None  # set on commit
    assignment_count: int | None = None
    # --- version fields: derived by store/versions.py, never stored ------------------------
    identity: str = ""  # "no:<số hiệu>|<issuer>" or "file:<path>"
    version_status: str = ""  # in_force | amended | replaced | repealed; "" until resolved
    in_force: bool = True
    current: bool = True  # the latest version of its identity
    superseded_by: str = ""  # doc_id of the newer version of its số hiệu
    older_versions: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)  # doc_ids
    repealed_by: list[str] = field(default_factory=list)
    amended_by: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    repeals: list[str] = field(default_factory=list)
    amends: list[str] = field(default_factory=list)
    unresolved: list[dict] = field(default_factory=list)  # relations to notices not in the store

    @classmethod
    def from_notice(cls, notice: Notice, **fields) -> DocumentRecord:
        meta = notice.to_dict()
        meta.pop("text", None)
        return cls(**meta, **fields)

    @classmethod
    def from_metadata(cls, meta: dict) -> DocumentRecord:
        """A record from the documents collection's flat metadata."""
        relations = meta.get("relations")
        mtime = meta.get("mtime")
        chunks, assignments = meta.get("chunks"), meta.get("assignments")
        return cls(
            doc_id=meta["doc_id"],
            **{key: str(meta.get(key) or "") for key in _TEXT_FIELDS},
            recipients=_json_list(meta.get("recipients")),
            ocr=bool(meta.get("ocr", False)),
            relations=None if relations is None else _json_list(relations),
            mtime=None if mtime is None else float(mtime),
            ingested_at=float(meta.get("ingested_at") or 0),
            chunk_count=None if chunks is None else int(chunks),
            assignment_count=None if assignments is None else int(assignments),
        )

    def to_metadata(self) -> dict:
        """The flat metadata the documents collection stores. Optional fields that are unset
        are left out (Chroma stores no None), so an older record reads back as it was."""
        meta: dict = {"doc_id": self.doc_id, "source": self.source}
        for key in ("title", "doc_type", "number", "issuer", "place", "date"):
            meta[key] = getattr(self, key)
        meta["date_num"] = date_number(self.date)
        meta["signer"] = self.signer
        meta["recipients"] = json.dumps(self.recipients, ensure_ascii=False)
        optional = {
            "format": self.format or None,
            "encoding": self.encoding or None,
            "ocr": self.ocr,
            "relations": (
                None if self.relations is None else json.dumps(self.relations, ensure_ascii=False)
            ),
            "content_sha": self.content_sha or None,
            "mtime": self.mtime,
            "status": self.status or None,
            "writer": self.writer or None,
            "ingested_at": self.ingested_at,
            "chunks": self.chunk_count,
            "assignments": self.assignment_count,
        }
        meta.update({key: value for key, value in optional.items() if value is not None})
        return meta

    def to_dict(self) -> dict:
        """The record as JSON output shows it (`list --json`): the stored metadata, lists
        parsed, and the version fields once resolved."""
        data = self.to_metadata()
        data["recipients"] = list(self.recipients)
        if self.version_status:
            data.update({key: getattr(self, key) for key in VERSION_FIELDS})
        return data


_TEXT_FIELDS = (
    "source",
    "title",
    "doc_type",
    "number",
    "issuer",
    "place",
    "date",
    "signer",
    "format",
    "encoding",
    "content_sha",
    "status",
    "writer",
)
# The fields store/versions.py derives (DocumentRecord's second half).
VERSION_FIELDS = (
    "identity",
    "version_status",
    "in_force",
    "current",
    "superseded_by",
    "older_versions",
    "replaced_by",
    "repealed_by",
    "amended_by",
    "replaces",
    "repeals",
    "amends",
    "unresolved",
)


def indexed_lines(section: list[str], context: list[str], text: str) -> list[str]:
    """The lines a passage is embedded and searched by: heading path, context, own text."""
    head = [" > ".join(section)] if section else []
    return [*head, *context, text]


@dataclass
class Assignment:
    assignees: list[str]  # lead bodies (chủ trì), normalized names
    task: str  # the verbatim clause
    doc_id: str
    section: list[str]
    start: int  # source span in the notice text
    end: int
    supporters: list[str] = field(default_factory=list)  # phối hợp
    assignees_text: list[str] = field(default_factory=list)  # original wording
    deadline_text: str = ""  # original words, e.g. "trước ngày 08/7/2020"
    deadline: str = ""  # ISO when parseable
    # task | coordination (the body's verb is "phối hợp" on another's work) | general (a standing
    # "... chịu trách nhiệm thi hành <văn bản> này" clause: kept, but out of the default view)
    kind: str = "task"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class LedgerRecord:
    """A ledger task through its stages: what ingest extracted (an Assignment, as the store
    keeps it), its document's fields (joined by the reader), then what staff recorded
    (ledger/state.py attach: status, note, corrected lead body and deadline).

    The store keeps the extracted fields as one JSON text per task: `from_metadata` /
    `to_metadata` are the one place that conversion is written; `to_row` is the row as the
    ledger's JSON output and exports name its fields."""

    doc_id: str
    task: str = ""  # the verbatim clause
    assignees: list[str] = field(default_factory=list)  # extracted lead bodies
    supporters: list[str] = field(default_factory=list)
    assignees_text: list[str] = field(default_factory=list)
    deadline_text: str = ""
    deadline: str = ""  # extracted, ISO when parseable
    kind: str = "task"  # task | coordination | general (records.Assignment)
    section: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    text: str = ""  # the source span, verbatim
    # --- its document (joined by Engine.assignments / ledger.views.with_documents) ----------
    number: str = ""
    date: str = ""
    issuer: str = ""
    title: str = ""
    doc_type: str = ""
    source: str = ""
    in_force: bool = True
    doc_status: str = ""  # the document's version_status
    # --- staff state (ledger/state.py attach) ----------------------------------------------
    key: str = ""  # the short code staff type
    state_key: list[str] | None = None  # (doc_key, task_hash) of its state row
    followed_from: list[str] | None = None  # the row it took over from another version
    status: str = "todo"
    note: str = ""
    assignee_correction: str | None = None  # "A; B": staff's lead bodies
    deadline_correction: str | None = None  # ISO
    updated_at: str = ""

    @classmethod
    def from_assignment(cls, assignment: Assignment, text: str = "") -> LedgerRecord:
        return cls(**assignment.to_dict(), text=text)

    @classmethod
    def from_metadata(cls, meta: dict, text: str) -> LedgerRecord:
        """A record from the assignments collection: its metadata and its document (the span)."""
        data = json.loads(meta["record"])
        return cls(
            doc_id=data["doc_id"],
            **{key: data[key] for key in _EXTRACTED_FIELDS if key in data and key != "doc_id"},
            text=text,
        )

    def to_metadata(self) -> dict:
        """The assignments collection's metadata: the extracted fields as one JSON text."""
        extracted = {key: getattr(self, key) for key in _EXTRACTED_FIELDS}
        return {"doc_id": self.doc_id, "record": json.dumps(extracted, ensure_ascii=False)}

    def with_document(self, doc: DocumentRecord) -> LedgerRecord:
        """A copy with its document's fields, the ones a row shows and a state key reads."""
        return replace(
            self,
            number=doc.number,
            date=doc.date,
            issuer=doc.issuer,
            title=doc.title,
            doc_type=doc.doc_type,
            source=doc.source,
        )

    # --- the row staff see: a correction, else what the notice said ------------------------

    @property
    def effective_assignees(self) -> list[str]:
        if self.assignee_correction:
            return [n.strip() for n in self.assignee_correction.split(";") if n.strip()]
        return list(self.assignees)

    @property
    def effective_deadline(self) -> str:
        return self.deadline_correction or self.deadline

    def to_row(self) -> dict:
        """The row as `assignments --json` prints it (the keys its readers know)."""
        return {
            "key": self.key,
            "kind": self.kind or "task",
            "assignees": self.effective_assignees,
            "supporters": list(self.supporters),
            "task": self.task,
            "deadline": self.effective_deadline,
            "deadline_text": self.deadline_text,
            "status": self.status or "todo",
            "note": self.note,
            "assignee_corrected": bool(self.assignee_correction),
            "deadline_corrected": bool(self.deadline_correction),
            "extracted_assignees": list(self.assignees),
            "extracted_deadline": self.deadline,
            "doc_id": self.doc_id,
            "number": self.number,
            "date": self.date,
            "issuer": self.issuer,
            "doc_type": self.doc_type,
            "title": self.title,
            "section": " > ".join(self.section),
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


# The fields ingest extracts (records.Assignment), in the order the store's JSON keeps them.
_EXTRACTED_FIELDS = (
    "assignees",
    "task",
    "doc_id",
    "section",
    "start",
    "end",
    "supporters",
    "assignees_text",
    "deadline_text",
    "deadline",
    "kind",
)


@dataclass
class Citation:
    n: int
    doc_id: str
    chunk_id: str
    source: str
    title: str
    number: str
    date: str
    issuer: str
    doc_type: str
    section: str  # heading path joined with " > "
    text: str  # the passage, verbatim
    score: float
    start: int = 0
    end: int = 0
    version_status: str = ""  # in_force | amended | replaced | repealed (store/versions.py)
    replaced_by: str = ""  # label of the notice in force in its place, when it is not in force

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Answer:
    question: str
    answer: str
    found: bool
    citations: list[Citation]
    language: str = "vi"
    mode: str = "extractive"
    notice: str = ""  # e.g. "the LLM failed; this is the offline answer"
    timings_ms: dict[str, float] = field(default_factory=dict)
    # The question the engine answered when it differs from the typed one: a follow-up resolved
    # against the conversation ("còn thu ngân sách thì sao?" -> "Thu ngân sách 6 tháng đầu năm
    # 2020 của Đắk Lắk đạt bao nhiêu?"), shown to the reader so they can correct it.
    understood_as: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["citations"] = [c.to_dict() for c in self.citations]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Answer:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["citations"] = [
            Citation(**{k: v for k, v in c.items() if k in Citation.__dataclass_fields__})
            for c in data.get("citations", [])
        ]
        return cls(**values)

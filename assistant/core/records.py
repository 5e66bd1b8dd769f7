"""The records that flow through ingest and the answer engine."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

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

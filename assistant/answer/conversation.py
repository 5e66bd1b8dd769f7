"""The Conversation record: the turns of one conversation, what each keeps of its answer, and
the check on a model's rewrite of a follow-up. Segmenting a question lives in
assistant/answer/segments.py, resolving a follow-up in assistant/answer/resolution.py, questions
naming a notice in assistant/answer/named_notices.py; their public names are re-exported here.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field

from assistant.answer.named_notices import named_documents, notice_field, with_full_numbers
from assistant.answer.resolution import Resolution, resolve
from assistant.answer.segments import Frame, Segment, same_question, segment
from assistant.core.text import strip_diacritics

__all__ = [
    "Conversation",
    "Frame",
    "Resolution",
    "Segment",
    "Turn",
    "cited_passages",
    "read_passages",
    "named_documents",
    "notice_field",
    "resolve",
    "rewrite_agrees",
    "same_question",
    "segment",
    "with_full_numbers",
]


@dataclass
class Turn:
    question: str  # as typed
    resolved: str  # what the engine answered
    language: str
    found: bool = False
    answer: str = ""
    intent: str = ""
    # The passages the answer cited: doc_id, number, start, end (for "văn bản này" and for the
    # deadline of a task the answer named).
    cited: list[dict] = field(default_factory=list)


@dataclass
class Conversation:
    """The turns of one conversation. Engine.ask(question, conversation=c) resolves the question
    against c and records the new turn in it."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    turns: list[Turn] = field(default_factory=list)

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def resolve(self, question: str, language: str) -> Resolution:
        answered = next((t for t in reversed(self.turns) if t.found and t.cited), None)
        resolution = resolve(question, language, self.last, answered)
        if resolution.doc_ids and resolution.shape != "new-subject":
            # Read inside the previous notice: the article its answer quoted comes first. A
            # new subject is looked for elsewhere in the notice.
            resolution.near = read_passages(self.turns, resolution.doc_ids)
        return resolution

    def record(self, turn: Turn) -> None:
        self.turns.append(turn)

    def to_dict(self) -> dict:
        return {"id": self.id, "turns": [asdict(t) for t in self.turns]}

    @classmethod
    def from_dict(cls, data: dict) -> Conversation:
        return cls(id=data["id"], turns=[Turn(**t) for t in data.get("turns", [])])


def read_passages(turns: list[Turn], doc_ids: list[str]) -> list[str]:
    """Chunk ids of the passages of doc_ids that the latest turn citing one of them quoted
    ("[n]" in its answer; its first such citation when it quoted none, as a refusal's nearest
    passage). Tune chains: the first citation alone lost 4 more turns than it won."""
    for turn in reversed(turns):
        inside = [(n, c) for n, c in enumerate(turn.cited, 1) if c.get("doc_id") in doc_ids]
        inside = [(n, c) for n, c in inside if c.get("chunk_id")]
        if not inside:
            continue
        quoted = [c["chunk_id"] for n, c in inside if f"[{n}]" in turn.answer]
        return quoted or [inside[0][1]["chunk_id"]]
    return []


def cited_passages(answer) -> list[dict]:
    """What a turn keeps of its answer's citations."""
    return [
        {
            "doc_id": c.doc_id,
            "number": c.number,
            "start": c.start,
            "end": c.end,
            "chunk_id": c.chunk_id,
            "title": c.title,  # what a new subject's follow-up leaves behind
        }
        for c in answer.citations
    ]


def rewrite_agrees(rewrite: str, resolved: str, conversation: Conversation, analysis) -> bool:
    """Whether a model's rewrite of a follow-up keeps what the rules carried (every place,
    period and document of the rule-based resolution) and names no place or document that
    neither the typed question nor an earlier turn named."""
    language = analysis.language

    def slots(text: str, lang: str) -> set[str]:
        return {
            strip_diacritics(s.text).lower()
            for s in segment(text, lang).segments
            if s.kind in ("place", "document", "period")
        }

    wanted = slots(resolved, language)
    got = slots(rewrite, language)
    if not all(any(w in g or g in w for g in got) for w in wanted):
        return False
    known = strip_diacritics(
        " ".join([analysis.text, *(t.resolved for t in conversation.turns)])
    ).lower()
    named = {
        strip_diacritics(s.text).lower()
        for s in segment(rewrite, language).segments
        if s.kind in ("place", "document")
    }
    return all(n in known for n in named)

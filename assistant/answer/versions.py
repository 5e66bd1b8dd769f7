"""What an answer says about the versions of the notices it quotes.

A replaced or repealed notice is named with what replaced it (and what the newer one says, when
it is cited too); an amended one with its amendments; an answer as of a past day says what has
replaced a notice since. Next year's plan that names no relation in its text still restates
this year's: `restates_later` finds it, and the newer passage is preferred and quoted."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from assistant.answer.compose import Evidence
from assistant.answer.found import FOUND_COVERAGE
from assistant.answer.statements import folded
from assistant.core.labels import format_date
from assistant.core.records import Citation, DocumentRecord, date_number
from assistant.retrieval.search import Hit
from assistant.store.versions import AMENDED, REPEALED, successor

# Word overlap (Jaccard over syllables, figures left out) above which a later notice's passage
# restates the quoted one, and its title the quoted one's: on tests/fixtures/versions (tune pair
# f) the restated clause shares 1.0 and the titles 0.76; passages of unrelated notices of one
# issuer and type there share at most 0.52.
RESTATEMENT_OVERLAP = 0.6
# Types whose next issue on a subject often names no predecessor (yearly plans, conclusions,
# notices). Normative texts (Luật, Nghị định, Thông tư, Quyết định, Nghị quyết) must state what
# they replace; among them, same-issuer siblings restate boilerplate ("có hiệu lực thi hành từ
# ngày ...") and have near-identical titles (thuế thu nhập doanh nghiệp / cá nhân: 0.85 on the
# gazette corpus), so the implicit rule would mislead there.
IMPLICIT_SUCCESSION_TYPES = frozenset(
    {"Kế hoạch", "Thông báo", "Kết luận", "Chỉ thị", "Báo cáo", "Công văn", "Tin bài"}
)


def version_notes(
    text: str,
    hits: list[Hit],
    citations: list[Citation],
    language: str,
    as_of: str,
    docs: dict[str, DocumentRecord],
    today: dict[str, DocumentRecord],
) -> list[str]:
    """What a reader must know about the notices an answer quotes: one that was replaced or
    repealed (by whom, when, and what the newer notice says when it is cited too), one that
    was amended, and, for an answer as of a past day, one replaced since. `docs` are the
    documents as of that day (all of them when there is none), `today` as they are now."""
    cited = [int(n) for n in dict.fromkeys(re.findall(r"\[(\d+)\]", text))]
    by_doc = {c.doc_id: c for c in reversed(citations)}
    en = language == "en"
    notes: list[str] = []
    seen: set[str] = set()
    for n in cited:
        if not 1 <= n <= len(hits) or hits[n - 1].chunk.doc_id in seen:
            continue
        doc = hits[n - 1].doc
        seen.add(doc.doc_id)
        newer = successor(doc, docs) if not doc.in_force else None
        if newer is not None:
            repealed = doc.version_status == REPEALED
            notes.append(_replaced_note(n, doc, newer, repealed, en))
            quoted = by_doc.get(newer.doc_id)
            # Only a passage of the newer notice that is on the question is worth quoting.
            if quoted is not None and quoted.n not in cited and quoted.score >= FOUND_COVERAGE:
                notes.append(_newer_says(quoted, newer, en))
        elif doc.version_status == AMENDED:
            amenders = [docs[i] for i in doc.amended_by if i in docs]
            notes.append(_amended_note(n, doc, amenders, en))
        else:
            restated = newer_restatement(hits[n - 1], hits, citations, cited, _quoted_text(text, n))
            if restated is not None:
                notes.append(_newer_says(restated, docs.get(restated.doc_id), en))
        if as_of and doc.doc_id in today and not today[doc.doc_id].in_force:
            later = successor(today[doc.doc_id], today)
            if later is not None:
                notes.append(_since_note(n, as_of, later, en))
    return notes


def _quoted_text(answer: str, n: int) -> str:
    """What the answer quotes from citation n (“…” [n] or [n]: “…”), joined."""
    after = re.findall(rf"“([^”]+)”\s*\[{n}\]", answer)
    before = re.findall(rf"\[{n}\]:?\s*“([^”]+)”", answer)
    return " ".join(after + before)


def newer_restatement(
    quoted: Hit, hits: list[Hit], citations: list[Citation], cited: list[int], words: str = ""
) -> Citation | None:
    """A cited passage of a later notice "on the same subject" as the quoted one (see
    restates_later), when the answer quotes the older one: its sentence that restates the
    quoted passage, for "A newer notice of ... says ..."."""
    for hit, citation in zip(hits, citations, strict=True):
        # Not `answers`: a question that names the older notice's year still learns of the new one.
        if citation.n not in cited and restates_later(quoted, hit, on_question=False):
            sentence = _closest_sentence(hit.chunk.text, words or quoted.chunk.text)
            return replace(citation, text=sentence)
    return None


def restates_later(old: Hit, new: Hit, on_question: bool = True) -> bool:
    """`new` is a passage of a later notice of the same issuer and type, on the question, that
    says what `old` says with other figures or dates — next year's plan, which names no
    relation in its text."""
    day = date_number(old.doc.date)
    return (
        new.chunk.doc_id != old.chunk.doc_id
        and bool(day)
        and date_number(new.doc.date) > day
        and folded(new.doc.issuer) == folded(old.doc.issuer)
        and new.doc.doc_type == old.doc.doc_type
        and old.doc.doc_type in IMPLICIT_SUCCESSION_TYPES
        and _overlap(old.doc.title, new.doc.title) >= RESTATEMENT_OVERLAP
        and (new.answers or not on_question)
        and new.coverage >= FOUND_COVERAGE
        and _overlap(old.chunk.text, new.chunk.text) >= RESTATEMENT_OVERLAP
    )


def _overlap(a: str, b: str) -> float:
    """Share of words (syllables, figures left out) two passages have in common (Jaccard)."""
    words = [set(re.findall(r"[^\W\d_]+", folded(t))) for t in (a, b)]
    union = words[0] | words[1]
    return len(words[0] & words[1]) / len(union) if union else 0.0


def _closest_sentence(passage: str, to: str) -> str:
    """The sentence (or line) of a passage whose words `to` holds the most of (the longest of
    equals): the restated clause, not the letterhead its chunk may start with."""
    target = set(re.findall(r"[^\W\d_]+", folded(to)))

    def held(sentence: str) -> tuple[float, int]:
        words = set(re.findall(r"[^\W\d_]+", folded(sentence)))
        return (len(words & target) / len(words) if words else 0.0, len(words))

    sentences = [s for s in re.split(r"(?<=[.;:])\s+|\n+", passage) if s.strip()]
    return max(sentences, key=held, default=passage)


def newer_first(hits: list[Hit]) -> list[Hit]:
    """Of two passages that say the same thing, the later notice's comes first."""
    ordered = list(hits)
    for i in range(len(ordered)):
        later = next(
            (j for j in range(i + 1, len(ordered)) if restates_later(ordered[i], ordered[j])),
            None,
        )
        if later is not None:
            ordered.insert(i, ordered.pop(later))
    return ordered


def quotable(evidence: list[Evidence], hits: list[Hit]) -> list[Evidence]:
    """Passages the answer may quote: when an in-force notice answers, a replaced or repealed
    one's restatement of the same clause (with the old figure or deadline) is not quoted; it
    stays among the sources, marked. A replaced notice is quoted when it alone answers, and the
    answer then says it was replaced."""
    # An older notice's passage that a later one on the question restates is not quoted either.
    restated = [any(restates_later(h, other) for other in hits) for h in hits]
    evidence = [ev for ev, r in zip(evidence, restated, strict=True) if not r] or evidence
    hits = [h for h, r in zip(hits, restated, strict=True) if not r] or hits
    in_force = [h.doc.in_force for h in hits]
    if not any(
        f and h.answers and h.coverage >= FOUND_COVERAGE
        for f, h in zip(in_force, hits, strict=True)
    ):
        return evidence
    return [ev for ev, f in zip(evidence, in_force, strict=True) if f]


def dmy(iso: str) -> str:
    """ "2024-03-05" -> "05/03/2024" (the notes' DD/MM/YYYY)."""
    parts = (iso or "").split("-")
    if len(parts) == 3:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return format_date(iso)


def _short_label(doc: DocumentRecord) -> str:
    if doc.number:
        return f"{doc.doc_type or 'Văn bản'} số {doc.number}"
    return doc.title or Path(doc.source).name


def _on(doc: DocumentRecord | None, en: bool) -> str:
    if doc is None or not doc.date:
        return ""
    return f" of {dmy(doc.date)}" if en else f" ngày {dmy(doc.date)}"


def _replaced_note(
    n: int, doc: DocumentRecord, newer: DocumentRecord, repealed: bool, en: bool
) -> str:
    same = doc.superseded_by == newer.doc_id
    if en:
        if same:
            return (
                f"Note: [{n}] is an earlier version of {_short_label(doc)}; the version in force "
                f"is the one{_on(newer, True)} ({Path(newer.source).name})."
            )
        verb = "repealed" if repealed else "replaced"
        newer_name = f"{_short_label(newer)}{_on(newer, True)}"
        return f"Note: the notice cited as [{n}] was {verb} by {newer_name}."
    if same:
        return (
            f"Lưu ý: [{n}] là bản cũ của {_short_label(doc)}; bản đang có hiệu lực là bản"
            f"{_on(newer, False)} ({Path(newer.source).name})."
        )
    verb = "đã bị bãi bỏ bởi" if repealed else "đã được thay thế bởi"
    return f"Lưu ý: Văn bản [{n}] {verb} {_short_label(newer)}{_on(newer, False)}."


# What a newer notice says is quoted up to this many characters (cut at a word): a note under
# the answer, shorter than the answer's own quotes (selection.QUOTE_CHARS). Chosen by hand.
NEWER_QUOTE_CHARS = 300


def _newer_says(citation: Citation, newer: DocumentRecord | None, en: bool) -> str:
    passage = " ".join(citation.text.split())
    if len(passage) > NEWER_QUOTE_CHARS:
        passage = passage[:NEWER_QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    if en:
        return f"A newer notice{_on(newer, True)} says: “{passage}” [{citation.n}]"
    return f"Văn bản mới hơn{_on(newer, False)} nêu: “{passage}” [{citation.n}]"


def _amended_note(n: int, doc: DocumentRecord, amenders: list[DocumentRecord], en: bool) -> str:
    names = ", ".join(f"{_short_label(a)}{_on(a, en)}" for a in amenders)
    if en:
        return f"Note: the notice cited as [{n}] was amended by {names}."
    return f"Lưu ý: Văn bản [{n}] đã được sửa đổi, bổ sung bởi {names}."


def _since_note(n: int, as_of: str, later: DocumentRecord, en: bool) -> str:
    if en:
        return (
            f"(Answered as of {dmy(as_of)}; [{n}] has since been replaced by "
            f"{_short_label(later)}{_on(later, True)}.)"
        )
    return (
        f"(Trả lời theo văn bản có hiệu lực ngày {dmy(as_of)}; sau đó [{n}] đã được thay thế "
        f"bởi {_short_label(later)}{_on(later, False)}.)"
    )

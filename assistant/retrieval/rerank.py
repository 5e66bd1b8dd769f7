"""Re-ranking a question's hits: each hit's coverage of the question, a bonus for a passage that
holds the asked-for answer type, a penalty for one whose notice does not name the asked-for
years or places. What "holds the answer type" means is the answer side's knowledge: it comes in
as a function."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.core.text import fold
from assistant.retrieval.lexical import LexicalQuery
from assistant.retrieval.search import Hit, HybridRetriever, document_context

# Added to the retrieval score (0..1.5 scale) of a passage that holds the asked-for answer type
# (a figure for "how much", a date for "when"): among passages on the topic, prefer the one
# that can answer.
ANSWER_TYPE_BONUS = 0.3
# Subtracted from a passage whose document does not name the asked-for years or places: it
# stays visible as a nearest passage but ranks below every passage that is on the question.
OFF_TOPIC_PENALTY = 0.5
# Added to a hit's fused score times its coverage of the question (0..1): fusion ranks by what a
# passage shares with the question, coverage by how much of the question it holds. Dev tune half
# (188 answerable, hit@5 of Engine.ask): 0.851 at 0, 0.862 at 0.5, 0.872 at 1, 0.872 at 2; the
# smallest weight on that flat top (commit 6a65432).
COVERAGE_WEIGHT = 1.0
# Added to every passage of a notice the question names by its type and number ("Quyết định
# 139/2025/QĐ-TTg", "nghị quyết số 19", "qd 892", "02/2023"): a notice with a similar number
# (138/2025) or citing it shares nearly every word, and only the number tells them apart.
# Dev tune half (188 answerable, Engine.ask, with CITED_NOTICE_BONUS at 0.4 x this): hit@5 /
# accuracy 0.936 / 0.840 at 0, 0.936 / 0.846 at 0.25, 0.941 / 0.846 at 0.5, 0.941 / 0.840 at 1.0.
NAMED_NOTICE_BONUS = 0.5
# Added to a passage whose own text or headings (not its notice's title) cite a notice the
# question names by number, when that is not the passage's own notice: "Điều 1. Đính chính ...
# Thông tư số 138/2025/TT-BTC" over "Điều 2. ... Thông tư số 139/2025/TT-BTC" of the same
# correction, whose title names both. Swept with NAMED_NOTICE_BONUS (above).
CITED_NOTICE_BONUS = 0.2
# A "which documents" question lists documents (Reranker.by_document): each document stands
# by one representative passage, its best, or its heading passage (number, date, issuer,
# title: the notice's first passage) when its own title, number, issuer and date hold at
# least HEADER_TITLE_SHARE of the question ("Năm 2022 Bộ Kế hoạch và Đầu tư ban hành những
# thông tư nào?" asks for the notices themselves; the heading shows which they are). Dev tune
# half, the 13 which-documents questions (Engine.ask citations): hit@1 / hit@5 / MRR 0.385 /
# 0.769 / 0.554 without, 0.538 / 0.692 / 0.615 at 0.3, 0.538 / 0.769 / 0.654 at 0.5 and at
# 0.7; 0.5 is the middle of that top. Ranking documents by more than their best passage was
# measured and left out: adding 0.25 or 0.5 times the second best passage's score, or 0.5 or 1
# times the title's share of the question, gave hit@1 0.462-0.538, hit@5 0.769 (no gain);
# searching 4k passages, 3 per notice, instead of 2k, 2 per notice: the same.
HEADER_TITLE_SHARE = 0.5
# Accent-folded document texts kept for the place checks; the cache is emptied past this many
# (a few hundred notices of ~10-100 kB). Chosen by hand, not measured.
FOLDED_DOCUMENTS_CACHED = 256


class Reranker:
    """Re-ranks the retriever's hits; `document_text(doc_id)` reads a notice's whole text (the
    store's), for the places a passage leaves to its notice."""

    def __init__(
        self, retriever: HybridRetriever, document_text: Callable[[str], str | None]
    ) -> None:
        self.retriever = retriever
        self._document_text = document_text
        self._folded_docs: dict[str, str] = {}

    def rerank(
        self,
        hits: list[Hit],
        k: int,
        lexical_text: LexicalQuery,
        years: list[str],
        names: list[str],
        answers: Callable[[Hit], bool] | None = None,
        parts: Sequence[Sequence[str]] = (),
        off_scope: Callable[[Hit], bool] | None = None,
    ) -> list[Hit]:
        """The best k hits, each with its coverage of `lexical_text` set, and, when `answers`
        (whether a hit's passage holds the asked-for answer type) is given, whether it answers.
        A hit is on topic when its passage names every year and its passage or notice every
        name; off-topic hits answer nothing and lose OFF_TOPIC_PENALTY. Every hit gains
        COVERAGE_WEIGHT times its coverage, and the passages of a notice the question names by
        number NAMED_NOTICE_BONUS, those of another notice whose own words cite it
        CITED_NOTICE_BONUS. `parts`: further things the question names that evidence must
        mention, each a list of spellings any of which will do (an article: "Điều 45"; a body:
        "Quốc hội"), in the passage or its notice. `off_scope(hit)`: whether the hit's notice
        is, by its own metadata, about another scope than the question's (off topic). A
        passage of a notice the question does not name by number (with its year or code),
        whose notice does not cite that number either, is off topic too: "Thông tư
        27/2026/TT-BTC quy định mức hỗ trợ tiền ăn ...?" is not answered by another notice's
        meal allowance."""
        lexical = self.retriever.snapshot().lexical
        named = named_notices(lexical_text.text)
        coded = [n for n in named if "/" in n[0] or "-" in n[0]]
        for hit in hits:
            if named and is_named(hit.doc.number, hit.doc.doc_type, named):
                hit.score += NAMED_NOTICE_BONUS
            others = [n for n in named if not is_named(hit.doc.number, hit.doc.doc_type, [n])]
            if others and cites_named(" ".join([*hit.chunk.section, hit.chunk.text]), others):
                hit.score += CITED_NOTICE_BONUS
            passage = self.retriever.passage_text(hit)
            on_topic = not coded or (
                is_named(hit.doc.number, hit.doc.doc_type, coded)
                or cites_named(passage, coded)
                or cites_named(self.folded_document(hit.chunk.doc_id), coded)
            )
            if on_topic and parts:
                folded_passage = fold(passage)
                on_topic = all(
                    any(
                        _mentions(fold(spelling), folded_passage)
                        or _mentions(fold(spelling), self.folded_document(hit.chunk.doc_id))
                        for spelling in spellings
                    )
                    for spellings in parts
                )
            if on_topic and (years or names):
                folded_passage = fold(passage)
                on_topic = all(
                    # The year of a notice number the question gives ("Nghị định 108/2021") is
                    # met by the number ("108/2021/NĐ-CP"); a year asked about on its own is not.
                    fold(year) in folded_passage
                    if any(f"/{year}" in key for key, _ in named)
                    else names_year(year, folded_passage)
                    for year in years
                ) and all(
                    fold(name) in folded_passage
                    or fold(name) in self.folded_document(hit.chunk.doc_id)
                    for name in names
                )
            if on_topic and off_scope is not None and off_scope(hit):
                on_topic = False  # its notice's metadata says it is about something else
            # The province a notice is about counts as covered: a passage rarely repeats it.
            own = [n for n in names if self.is_own_place(hit, n)] if on_topic else []
            covered = " ".join([passage, *own])
            hit.coverage = lexical.coverage(lexical_text, covered)
            hit.score += COVERAGE_WEIGHT * hit.coverage
            hit.on_topic = on_topic
            if not on_topic:
                hit.answers = False
                hit.score -= OFF_TOPIC_PENALTY
            elif answers is not None:
                hit.answers = answers(hit)
                hit.score += ANSWER_TYPE_BONUS if hit.answers else 0.0
        return sorted(hits, key=lambda h: h.score, reverse=True)[:k]

    def by_document(
        self, hits: list[Hit], k: int, lexical_text: LexicalQuery, per_doc: int = 2
    ) -> list[Hit]:
        """For a "which documents" question: the re-ranked hits, best first, at most per_doc
        of one document, with each document's representative passage (its best, or its
        heading when its title holds HEADER_TITLE_SHARE of the question) first among its
        passages and scored as its best."""
        snap = self.retriever.snapshot()
        by_doc: dict[str, list[Hit]] = {}
        for hit in sorted(hits, key=lambda h: h.score, reverse=True):
            by_doc.setdefault(hit.chunk.doc_id, []).append(hit)
        keyed: list[tuple[float, int, Hit]] = []
        for group in by_doc.values():
            title = " ".join(document_context(group[0].doc))
            if snap.lexical.coverage(lexical_text, title) >= HEADER_TITLE_SHARE:
                heading = self._heading_hit(snap, group[0], lexical_text)
                rest = [h for h in group if h.chunk.chunk_id != heading.chunk.chunk_id]
                group = [heading, *rest]
            keyed += [(h.score, depth, h) for depth, h in enumerate(group[:per_doc])]
        keyed.sort(key=lambda item: (-item[0], item[1]))
        return [hit for _, _, hit in keyed][:k]

    def _heading_hit(self, snap, best: Hit, lexical_text: LexicalQuery) -> Hit:
        """The first passage of the notice of `best` (its number, date, issuer and title), as
        a hit with the score of `best`, the notice's best passage."""
        first = snap.lexical.chunk_ids[snap.doc_span(best.chunk.doc_id)[0]]
        if first == best.chunk.chunk_id:
            return best
        heading = Hit(snap.chunks[first], best.doc, best.score, answers=best.answers)
        heading.coverage = snap.lexical.coverage(lexical_text, self.retriever.passage_text(heading))
        return heading

    def is_own_place(self, hit: Hit, name: str) -> bool:
        """Whether the notice is about this place: its metadata names it, or its text calls it
        "tỉnh X" / "Tỉnh ủy X" (a provincial notice rarely states its province in a header
        line; "thành phố Buôn Ma Thuột" in a Đắk Lắk notice is a topic, not its place)."""
        name = fold(name)
        context = fold(" ".join((hit.doc.place, hit.doc.issuer, hit.doc.title)))
        if name in context:
            return True
        text = self.folded_document(hit.chunk.doc_id)
        return f"tinh {name}" in text or f"tinh uy {name}" in text

    def folded_document(self, doc_id: str) -> str:
        """The accent-folded document text, cached: a doc_id names fixed content."""
        if doc_id not in self._folded_docs:
            if len(self._folded_docs) > FOLDED_DOCUMENTS_CACHED:
                self._folded_docs.clear()
            self._folded_docs[doc_id] = fold(self._document_text(doc_id) or "")
        return self._folded_docs[doc_id]


# Notice types as questions name them (accent-folded, lower case), with their abbreviations.
_NOTICE_TYPES = {
    "quyet dinh": "Quyết định",
    "qd": "Quyết định",
    "nghi quyet": "Nghị quyết",
    "nq": "Nghị quyết",
    "nghi dinh": "Nghị định",
    "nd": "Nghị định",
    "thong tu": "Thông tư",
    "tt": "Thông tư",
    "chi thi": "Chỉ thị",
    "ke hoach": "Kế hoạch",
    "ket luan": "Kết luận",
    "thong bao": "Thông báo",
    "luat": "Luật",
    "circular": "Thông tư",
    "decree": "Nghị định",
    "decision": "Quyết định",
    "resolution": "Nghị quyết",
    "directive": "Chỉ thị",
}
# "<type> (số) 19", "<type> 139/2025/qd-ttg": a number after a notice type; or a number with its
# year or code ("02/2023", "1097-kl/tu") anywhere. A bare number needs its type: "19" alone is a
# count, a day or an article.
_TYPED_NUMBER = re.compile(
    r"\b(" + "|".join(sorted(_NOTICE_TYPES, key=len, reverse=True)) + r")\s+(?:so\s+|no\.?\s*)?"
    r"(\d{1,5}(?:\.\d+)?(?:[-/][\w.]+)*)(?![\w/-])"
)
# "tháng 7/2023" is a month, not notice 7/2023.
_CODED_NUMBER = re.compile(
    r"(?<![\w/.-])(?<!thang )(?<!quy )"
    r"(\d{1,5}(?:\.\d+)?(?:/\d{4})?[-/][a-z][\w/-]*|\d{1,5}/\d{4})(?![\w/])"
)


def _number_key(number: str) -> str:
    """ "02/2023/TT-BLĐTBXH" and "2/2023/tt-bldtbxh" alike: folded, lower case, no leading
    zeros, no spaces."""
    return fold(number).lower().replace(" ", "").lstrip("0")


def named_notices(text: str) -> list[tuple[str, str]]:
    """(number key, notice type or "") of each notice the text names by number."""
    folded = fold(text).lower()
    named = [(_number_key(n), _NOTICE_TYPES[t]) for t, n in _TYPED_NUMBER.findall(folded)]
    named += [(_number_key(n), "") for n in _CODED_NUMBER.findall(folded)]
    return list(dict.fromkeys(named))


def is_named(number: str, doc_type: str, named: list[tuple[str, str]]) -> bool:
    """Whether a notice with this number and type is one the question names: its number is
    the named one or begins with it ("19" names "19/2026/NQ-CP"), and its type is the named
    type when one is given."""
    key = _number_key(number)
    return bool(key) and any(
        (key == wanted or key.startswith((wanted + "/", wanted + "-")))
        and (not kind or kind == doc_type)
        for wanted, kind in named
    )


def cites_named(text: str, named: list[tuple[str, str]]) -> bool:
    """Whether the text cites a notice the question names by a number with its year or code
    ("138/2025", "138/2025/TT-BTC"); a bare number ("nghị quyết số 19") is too common to
    look for in running text."""
    folded = fold(text).lower()
    return any(
        re.search(rf"(?<![\w/.-])0*{re.escape(key)}(?![\w])", folded)
        for key, _ in named
        if "/" in key or "-" in key
    )


def _mentions(phrase: str, folded: str) -> bool:
    """Whether a folded text holds the folded phrase as whole words ("dieu 4" is not met by
    "dieu 45")."""
    return re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", folded) is not None


def names_year(year: str, text: str) -> bool:
    """Whether the text names the year on its own ("năm 2020", "6/2020", "2015-2020"): not
    inside a longer number ("120200") nor as the year of a cited notice's number ("Thông tư
    95/2020/TT-BTC" is not about 2020)."""
    return re.search(rf"(?<!\d){re.escape(year)}(?![\d/])", text) is not None

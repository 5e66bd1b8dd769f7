"""Answers about a notice's own fields (signer, number, date) from its metadata, citing the
passage that states the value: asked of the notice a conversation is about ("who signed it?"), or
of the notice a question's best passage belongs to ("who signed the plan on ...?")."""

from __future__ import annotations

from assistant.answer.compose import asks_which_notice
from assistant.answer.constraints import constraints, notice_years
from assistant.answer.fields import (
    EFFECT_WORDS,
    FIELD_WORDS,
    date_pattern,
    document_field_sentence,
    effect_sentence,
    effect_statement,
    field_sentence,
    names_its_number,
)
from assistant.answer.found import FOUND_COVERAGE
from assistant.answer.reads import Reads
from assistant.retrieval.lexical_query import lexical_query
from assistant.retrieval.query import QueryAnalysis
from assistant.retrieval.rerank import cites_named, is_named, named_notices
from assistant.retrieval.search import Hit


def notice_field_answer(
    reads: Reads, doc_id: str, field: str, language: str
) -> tuple[str, Hit] | None:
    """ "Who signed it?", "ban hành ngày nào?", "what is its number?" asked of the notice
    the conversation is about: (the answer line, the passage that holds the field). None when
    the notice does not record it."""
    doc = reads.retriever.snapshot().documents.get(doc_id)
    if doc is None:
        return None
    value = {"signer": doc.signer, "number": doc.number, "date": doc.date}[field]
    if not value:
        return None
    if field == "date":
        holder = reads.chunk_matching(doc_id, date_pattern(value))
    else:
        holder = reads.chunk_holding(doc_id, value, last=field == "signer")
    if holder is None:
        holder = min(reads.chunks_of(doc_id), key=lambda c: c.start, default=None)
    if holder is None:
        return None
    text = field_sentence(doc, holder.text, field, value, language)
    return text, Hit(chunk=holder, doc=doc, score=1.0, coverage=1.0)


def document_field(reads: Reads, analysis: QueryAnalysis, hits: list[Hit]):
    """(found, text, hits) for "who signed ..." / "what is its number": the field from the
    metadata of the notice the question is about (the best on-topic passage's notice),
    citing the passage that holds it. Only when that passage covers the question once the
    words for the field ("ký", "số hiệu") are set aside."""
    topic = lexical_query(analysis).without_words(FIELD_WORDS)
    lexical = reads.retriever.snapshot().lexical
    _, names = constraints(analysis.text, analysis.language)
    on_topic = [h for h in hits if h.answers]
    if analysis.asks == "date" and not on_topic:
        # The day is the notice's own (its header), which no passage about the topic holds
        # next to the topic's words: the best passage names the notice, the coverage check
        # below decides.
        on_topic = hits[:1]
    if not on_topic:
        return None if analysis.asks == "date" else (False, "", hits)
    best = on_topic[0]
    asked_years = notice_years(analysis.text)
    if asked_years and best.doc.date[:4] not in asked_years:
        # "Who signed the 2025 decision that 798/QĐ-TTg replaced?": the notice found is of
        # another year, so it is not the one asked about (its metadata says so).
        return None if analysis.asks == "date" else (False, "", hits)
    if analysis.asks == "date" and (
        asks_which_notice(analysis.text) or not names_its_number(analysis.text, best.doc)
    ):
        return None  # the question names or asks for another notice, which a passage cites
    passage = " ".join([reads.retriever.passage_text(best), *names])
    value = {"signer": best.doc.signer, "number": best.doc.number, "date": best.doc.date}[
        analysis.asks
    ]
    if analysis.asks == "date":
        # The day as the notice writes it ("Hà Nội, ngày 29 tháng 7 năm 2022"); a header
        # that leaves the day blank ("ngày   tháng   năm 2026") does not answer.
        holder = reads.chunk_matching(best.chunk.doc_id, date_pattern(value))
    else:
        holder = reads.chunk_holding(best.chunk.doc_id, value, last=analysis.asks == "signer")
    # A question that names the notice by its number ("quyet dinh 2416 ... do ai ky") has
    # identified it: its other words need not be the passage's (typed without accents, a
    # paraphrase); the number is the evidence.
    covered = _names_this_notice(reads, analysis.text, best) or (
        lexical.coverage(topic, passage) >= FOUND_COVERAGE
    )
    if not covered or not value or holder is None:
        # The day a notice the collection only cites was issued ("Kế hoạch số 178-KH/TU
        # ban hành ngày nào?") is in the passage that cites it: the general path reads it.
        return None if analysis.asks == "date" else (False, "", hits)
    hit = Hit(chunk=holder, doc=best.doc, score=best.score, coverage=best.coverage)
    hits = [hit, *(h for h in hits if h.chunk.chunk_id != holder.chunk_id)]
    text = document_field_sentence(best.doc, holder.text, analysis.asks, value, analysis.language)
    return True, text, hits


def _names_this_notice(reads: Reads, question: str, hit: Hit) -> bool:
    """Whether the question names the hit's notice by its number, and every other notice it
    names by number is one that notice cites ("quyết định 2416 đính chính thông tư 15/2024":
    2416 cites 15/2024; another ministry's circular 15/2024 does not cite 2416)."""
    named = named_notices(question)
    if not is_named(hit.doc.number, hit.doc.doc_type, named):
        return False
    others = [n for n in named if not is_named(hit.doc.number, hit.doc.doc_type, [n])]
    text = " ".join(c.text for c in reads.chunks_of(hit.chunk.doc_id))
    return not others or cites_named(text, others)


def effect_answer(reads: Reads, analysis: QueryAnalysis, hits: list[Hit], scoped: bool = False):
    """(text, hits) for "when does <notice> take effect?": the notice is chosen by the topic
    (of the notices the hits belong to, the one whose own description and best passage hold the
    most of the question once its effect words are set aside), the answer is that notice's own
    statement of its effect ("Thông tư này có hiệu lực thi hành kể từ ngày ..."), which shares
    no topic word with the question and so is rarely among the hits. None when no notice covers
    the topic (FOUND_COVERAGE) or the chosen one states no effect: the general path answers.
    `scoped`: the hits are of the notices the question names by number or the conversation is
    about, so the notice is already chosen ("Nó có hiệu lực khi nào?" has no topic left)."""
    topic = lexical_query(analysis).without_words(EFFECT_WORDS)
    lexical = reads.retriever.snapshot().lexical
    best: dict[str, tuple[float, Hit]] = {}
    # A notice that does not name what the question requires (its year, place, body, the
    # notice number it gives: the reranker's check) is not the notice asked about, however
    # well its passage covers the topic: "Thông tư của Bộ Y tế về ... có hiệu lực từ ngày
    # nào?" is not answered by another ministry's circular on the same topic.
    for hit in (h for h in hits if h.on_topic):
        covered = lexical.coverage(topic, reads.retriever.passage_text(hit))
        if covered > best.get(hit.chunk.doc_id, (-1.0, hit))[0]:
            best[hit.chunk.doc_id] = (covered, hit)
    if not best:
        return None
    # The best-covered notice; max keeps the earlier (better-ranked) one of equals.
    doc_id, (covered, chosen) = max(best.items(), key=lambda item: item[1][0])
    if covered < FOUND_COVERAGE and not scoped:
        return None
    stated = effect_statement(reads.chunks_of(doc_id))
    if stated is None:
        return None
    holder, statement = stated
    hit = Hit(chunk=holder, doc=chosen.doc, score=chosen.score, coverage=chosen.coverage)
    hits = [hit, *(h for h in hits if h.chunk.chunk_id != holder.chunk_id)]
    return effect_sentence(chosen.doc, statement, analysis.language), hits

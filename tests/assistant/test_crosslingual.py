"""The cross-lingual sentence signal (assistant/retrieval/crosslingual.py): its weight by how
much of an English question the glossary translated, its scaling, its cached sentence vectors,
and its two uses, re-ranking candidate passages and choosing the sentence to quote."""

from __future__ import annotations

import pytest

from assistant.answer.selection import best_sentences
from assistant.retrieval import crosslingual
from assistant.retrieval.crosslingual import SentenceSimilarity, scaled, weight


class CountingEmbedder:
    """The conftest fake's vectors, counting what it embeds."""

    name = "counting"

    def __init__(self, fake):
        self.fake = fake
        self.passages = 0
        self.queries = 0

    def embed_documents(self, texts):
        self.passages += len(texts)
        return self.fake.embed_documents(texts)

    def embed_query(self, text):
        self.queries += 1
        return self.fake.embed_query(text)


def test_weight_is_zero_for_vietnamese_and_grows_with_what_the_glossary_missed(monkeypatch):
    monkeypatch.setattr(crosslingual, "WEIGHT_FLOOR", 0.5)
    assert weight(0.0, "vi") == 0.0
    assert weight(1.0, "en") == pytest.approx(0.5)
    assert weight(0.0, "en") == pytest.approx(1.0)
    assert weight(0.5, "en") == pytest.approx(0.75)
    assert weight(1.7, "en") == pytest.approx(0.5)  # shares outside 0..1 are clipped


def test_scaling_does_not_blow_up_a_small_spread():
    assert scaled([]) == []
    assert scaled([0.80, 0.90]) == pytest.approx([0.0, 1.0])
    # Within MIN_SPREAD of each other: the nearest gains only its share of MIN_SPREAD.
    low = scaled([0.80, 0.81])
    assert low[0] == 0.0 and low[1] == pytest.approx(0.01 / crosslingual.MIN_SPREAD)


def test_sentence_vectors_are_embedded_once_and_kept_on_disk(tmp_path, fake_embedder):
    embedder = CountingEmbedder(fake_embedder)
    similarity = SentenceSimilarity(embedder, tmp_path)
    sentences = [
        "Mức lương tối thiểu tháng vùng I",
        "Nghị định có hiệu lực từ ngày 01/7/2022",
        "a)",
    ]
    first = similarity.similarities("minimum monthly wage", sentences)
    assert embedder.passages == 2  # "a)" is too short to read: scored 0, never embedded
    assert first[2] == 0.0
    assert similarity.similarities("minimum monthly wage", sentences) == first
    assert embedder.passages == 2 and embedder.queries == 1
    # A new engine over the same cache folder embeds nothing again.
    again = SentenceSimilarity(embedder, tmp_path)
    assert again.similarities("minimum monthly wage", sentences) == pytest.approx(first)
    assert embedder.passages == 2


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path, fake_embedder):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    similarity = SentenceSimilarity(fake_embedder, blocked)
    assert len(similarity.similarities("wage", ["Mức lương tối thiểu tháng"])) == 1


def test_the_bonus_chooses_the_sentence_the_terms_cannot():
    text = "Người lao động được nghỉ phép năm. Mức lương tối thiểu tháng là 4.680.000 đồng."
    # No query term in either sentence: a tie, which the later sentence wins.
    plain = best_sentences("zzz", text, "what", limit=1)
    assert plain == ["Mức lương tối thiểu tháng là 4.680.000 đồng."]
    bonus = lambda sentences: [0.5, 0.0]  # noqa: E731 - the first is nearer the question
    chosen = best_sentences("zzz", text, "what", limit=1, bonus=bonus)
    assert chosen == ["Người lao động được nghỉ phép năm."]


def test_similarity_reorders_english_candidates_only(seed_engine_fake, monkeypatch):
    lookup = seed_engine_fake.lookup
    question = "Which body must handle drought response?"
    monkeypatch.setattr(crosslingual, "RERANK_WEIGHT", 0.0)
    _, plain = lookup.retrieve(question, k=5)
    assert all(h.similarity is None for h in plain)
    monkeypatch.setattr(crosslingual, "RERANK_WEIGHT", 5.0)
    analysis, weighted = lookup.retrieve(question, k=5)
    assert analysis.language == "en"
    scored = [h for h in weighted if h.similarity is not None]
    assert scored and max(h.similarity for h in scored) > 0
    assert max(h.similarity for h in scored) <= 5.0 * crosslingual.weight(
        analysis.mapped_share, "en"
    )
    # Vietnamese questions are left alone whatever the weight.
    _, vietnamese = lookup.retrieve("Cơ quan nào phải chỉ đạo phòng, chống hạn hán?", k=5)
    assert all(h.similarity is None for h in vietnamese)


def test_sentence_bonus_is_none_where_the_signal_counts_for_nothing(seed_engine_fake, monkeypatch):
    lookup = seed_engine_fake.lookup
    monkeypatch.setattr(crosslingual, "SENTENCE_WEIGHT", 0.3)
    assert lookup.sentence_bonus(lookup.analyze("Cơ quan nào chỉ đạo?")) is None
    bonus = lookup.sentence_bonus(lookup.analyze("Which body must handle drought response?"))
    assert bonus is not None
    values = bonus(["Sở Nông nghiệp chỉ đạo phòng chống hạn hán", "Văn phòng Tỉnh ủy"])
    assert len(values) == 2 and max(values) > 0
    monkeypatch.setattr(crosslingual, "SENTENCE_WEIGHT", 0.0)
    assert lookup.sentence_bonus(lookup.analyze("Which body must handle drought?")) is None


def test_similarity_can_be_read_from_the_stored_passage_vectors(seed_engine_fake, monkeypatch):
    lookup = seed_engine_fake.lookup
    monkeypatch.setattr(crosslingual, "RERANK_WEIGHT", 1.0)
    monkeypatch.setattr(crosslingual, "RERANK_BY", "passage")
    _, hits = lookup.retrieve("Which body must handle drought response?", k=5)
    scored = [h for h in hits if h.similarity is not None]
    assert scored and max(h.similarity for h in scored) > 0
    ids = [h.chunk.chunk_id for h in scored]
    stored = seed_engine_fake.store.chunk_vectors(ids)
    assert set(stored) == set(ids) and all(len(v) == 64 for v in stored.values())
    # A passage the store no longer holds counts as 0, not as an error.
    sims = lookup.similarity.passage_similarities("drought", ["gone", ids[0]], lambda i: stored)
    assert sims[0] == 0.0

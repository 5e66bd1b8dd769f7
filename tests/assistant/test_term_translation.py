"""English words the glossary lacks, mapped onto the collection's own Vietnamese terms
(assistant/retrieval/term_translation.py, english_terms.py). A small concept embedding makes
the fast tests exact; one test reads the real model."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.retrieval import english_terms, term_translation
from assistant.retrieval.english_terms import CollectionTerms, unmapped_words
from assistant.retrieval.lexical_query import lexical_query
from assistant.retrieval.query import analyze
from assistant.retrieval.term_translation import (
    TermTranslator,
    TermVectors,
    cached_vectors,
    candidate_terms,
)
from assistant.vocab.glossary import Glossary

# Concept axes: an English word is its concept's axis, a Vietnamese term leans on it (cosine
# 0.5), "in" leans on every concept a little more (cosine 0.58: plain cosine would pick it).
ENGLISH = {"walrus": 0, "walruses": 0, "lighthouse": 1, "harbour": 2}
VIETNAMESE = {"hải mã": 0, "hải đăng": 1, "ngọn hải đăng": 1, "bến cảng": 2}


class ConceptEmbedder:
    name = "concepts"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def _vector(self, text: str) -> list[float]:
        vector = np.zeros(12, dtype=np.float32)
        if text == "in":
            vector[:3] = 1.0
        elif text in ENGLISH:
            vector[ENGLISH[text]] = 1.0
        elif text in VIETNAMESE:
            vector[VIETNAMESE[text]] = 0.5
            vector[4 + VIETNAMESE[text]] = 0.866
        else:
            vector[8 + sum(map(ord, text)) % 4] = 1.0  # some unrelated direction
        return (vector / np.linalg.norm(vector)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.embedded.append(text)
        return self._vector(text)


PASSAGES = [
    "Bảo vệ hải mã và ngọn hải đăng ở bến cảng.",
    "Sửa chữa ngọn hải đăng và bến cảng của tỉnh.",
    "Đếm hải mã ở bến cảng in 2 lần.",
    "Hải mã in sách.",
]


def test_candidate_terms_are_words_of_two_passages_or_more():
    terms = candidate_terms(PASSAGES)
    assert {"hải mã", "bến cảng", "ngọn hải đăng"} <= set(terms)
    assert terms["bến cảng"] == 3
    assert "tỉnh" not in terms  # in one passage only
    # no term starts or ends with a function syllable, nor holds a number
    assert not any(t.split()[0] in {"và", "của", "ở"} for t in terms)
    assert not any(t.split()[-1] in {"và", "của", "ở"} for t in terms)
    assert not any(any(ch.isdigit() for ch in t) for t in terms)


def test_a_piece_of_a_longer_word_is_no_candidate():
    # "hải" is always followed by "đăng" after "ngọn": "ngọn hải" is a piece of "ngọn hải đăng"
    terms = candidate_terms(PASSAGES)
    assert "ngọn hải" not in terms
    assert "a xây dựng" not in candidate_terms(["a) xây dựng kế hoạch", "a) xây dựng đề án"])


def test_hubness_keeps_a_term_near_everything_from_winning():
    embedder = ConceptEmbedder()
    terms = ["in", "hải mã", "hải đăng", "bến cảng"]
    vectors = np.array(embedder.embed_documents(terms))
    walrus = embedder.embed_query("walrus")
    raw = vectors @ np.asarray(walrus)
    assert terms[int(np.argmax(raw))] == "in"  # what plain cosine would answer
    reference = np.array([embedder.embed_query(w) for w in ("walrus", "lighthouse", "harbour")])
    best = TermVectors(terms, vectors, reference).nearest(walrus, 2)
    assert [t.term for t in best][0] == "hải mã"
    assert best[0].score > best[1].score


def test_the_question_chooses_among_a_words_senses():
    # "harbour" leans a little to "hải đăng" too; the question's topic (a lighthouse) decides
    terms = ["hải mã", "hải đăng", "bến cảng"]
    vectors = np.array([[1.0, 0.0, 0.0], [0.1, 0.95, 0.3], [0.0, 0.3, 0.95]], dtype=np.float32)
    reference = np.eye(3, dtype=np.float32)
    word = [0.0, 0.55, 0.6]  # between the two senses, a little nearer "bến cảng"
    table = TermVectors(terms, vectors, reference)
    assert table.nearest(word, 1)[0].term == "bến cảng"
    question = [0.0, 1.0, 0.0]
    assert table.nearest(word, 1, context=question, context_weight=1.0)[0].term == "hải đăng"
    assert table.nearest(word, 1, context=question, context_weight=0.0)[0].term == "bến cảng"


def test_vectors_are_cached_by_text(tmp_path):
    embedder = ConceptEmbedder()
    cache = tmp_path / "terms.npz"
    first = cached_vectors(["hải mã", "bến cảng"], embedder.embed_documents, cache)
    assert embedder.embedded == ["hải mã", "bến cảng"]
    again = cached_vectors(["bến cảng", "hải đăng"], embedder.embed_documents, cache)
    assert embedder.embedded == ["hải mã", "bến cảng", "hải đăng"]  # only the new term
    assert np.allclose(again[0], first[1])
    cache.write_bytes(b"not an npz")
    cached_vectors(["hải mã"], embedder.embed_documents, cache)  # a damaged cache is rebuilt
    assert embedder.embedded[-1] == "hải mã"


def test_translator_gives_the_nearest_terms_above_the_bar(tmp_path):
    embedder = ConceptEmbedder()
    translator = TermTranslator(
        lambda: PASSAGES, embedder, ["walrus", "lighthouse", "harbour"], tmp_path
    )
    assert translator.translate("Walrus", bar=0.0, most=1) == ["hải mã"]
    assert translator.translate("lighthouse", bar=0.0, most=2)[0] in {"hải đăng", "ngọn hải đăng"}
    assert translator.translate("walrus", bar=10.0, most=2) == []
    assert list(tmp_path.glob("terms-*-concepts.npz"))  # kept for the next run


def test_a_collections_finished_terms_are_read_back_without_reading_a_passage(tmp_path):
    """Keyed by the snapshot's fingerprint: a restarted engine neither extracts nor embeds."""
    reference = ["walrus", "lighthouse", "harbour"]
    first = TermTranslator(lambda: PASSAGES, ConceptEmbedder(), reference, tmp_path, "fp1")
    built = first.vectors()
    assert len(list(tmp_path.glob("termvectors-*-concepts-fp1-*.npz"))) == 1

    def no_passages():
        raise AssertionError("the stored terms should have been read")

    embedder = ConceptEmbedder()
    again = TermTranslator(no_passages, embedder, reference, tmp_path, "fp1").vectors()
    assert again.terms == built.terms and embedder.embedded == []
    assert np.array_equal(again.vectors, built.vectors)
    assert np.array_equal(again.hubness, built.hubness)
    word = ConceptEmbedder()._vector("walrus")
    assert again.nearest(word, 3) == built.nearest(word, 3)
    # Another collection (or other reference phrases) is extracted anew; the stale file goes.
    TermTranslator(lambda: PASSAGES[:3], ConceptEmbedder(), reference, tmp_path, "fp2").vectors()
    assert [p.name.split("-")[3] for p in tmp_path.glob("termvectors-*.npz")] == ["fp2"]
    other = TermTranslator(lambda: PASSAGES[:3], ConceptEmbedder(), reference[:2], tmp_path, "fp2")
    assert (
        other._stored()
        != TermTranslator(no_passages, embedder, reference, tmp_path, "fp2")._stored()
    )
    next(tmp_path.glob("termvectors-*.npz")).write_bytes(b"not an npz")
    rebuilt = TermTranslator(lambda: PASSAGES[:3], ConceptEmbedder(), reference, tmp_path, "fp2")
    assert rebuilt.vectors().terms  # a damaged file is rebuilt


def test_own_hubness_reads_the_top_values_as_a_full_sort_does():
    values = np.random.default_rng(0).random(1000).astype(np.float32)
    values[[3, 70, 500]] = values.max()  # ties at the top
    for k in (1, 10, 1000):
        assert np.array_equal(term_translation._top(values, k), np.sort(values)[-k:])


def test_a_term_is_bound_only_by_one_neighbour_holding_most_of_its_occurrences():
    passages = [
        "công tác phòng cháy chữa cháy rừng",
        "lực lượng phòng cháy chữa cháy tỉnh",
        "kiểm tra phòng cháy chữa cháy",
    ]
    # "phòng cháy" is always followed by "chữa", "chữa cháy" always follows "cháy" and so on:
    # pieces of one four-syllable word. "cháy" follows "phòng" and "chữa" half the time each.
    assert candidate_terms(passages) == {"cháy": 3}


def test_unmapped_words_keep_the_typed_spelling():
    glossary = Glossary.load()
    words = unmapped_words("Which body must count the walruses at the lighthouse?", glossary)
    assert set(words.values()) == {"walruses", "lighthouse"}
    assert words[glossary.unmatched_english("walruses")[0]] == "walruses"


def test_translations_replace_the_unmapped_word_in_the_lexical_query():
    analysis = analyze("Which body must count the walruses for drought response?")
    plain = lexical_query(analysis).groups
    assert ("walrus",) in plain
    analysis.translations = {"walrus": ("hải mã", "con hải mã")}
    groups = lexical_query(analysis).groups
    assert ("hải mã", "con hải mã") in groups
    assert ("walrus",) not in groups
    assert len(groups) == len(plain)  # the glossary's concepts are untouched


class _Snapshot:
    fingerprint = "one"
    chunks: dict = {}


class _Retriever:
    def __init__(self, embedder, cache_dir):
        self.embedder = embedder
        self.cache_dir = cache_dir

    def snapshot(self):
        return _Snapshot()


def test_a_model_without_a_calibrated_bar_translates_nothing(tmp_path):
    embedder = ConceptEmbedder()
    terms = CollectionTerms(_Retriever(embedder, tmp_path))
    assert terms.translate("How many walruses are there?") == {}
    assert embedder.embedded == []  # nothing embedded either


def test_a_calibrated_model_translates_the_unmapped_words(tmp_path, monkeypatch):
    monkeypatch.setitem(english_terms.TRANSLATION_BARS, "concepts", 0.0)
    # hubness measured against English words this embedding knows
    monkeypatch.setattr(english_terms, "reference_phrases", lambda glossary: list(ENGLISH))
    embedder = ConceptEmbedder()
    retriever = _Retriever(embedder, tmp_path)
    _Snapshot.chunks = {
        str(i): type("Chunk", (), {"section": [], "context": [], "text": p})()
        for i, p in enumerate(PASSAGES)
    }
    try:
        found = CollectionTerms(retriever).translate("How many walruses did the province count?")
    finally:
        _Snapshot.chunks = {}
    assert found["walrus"][0] == "hải mã"
    assert set(found) == {"walrus"}  # "province", "count" are the glossary's or everyday


@pytest.mark.slow
def test_the_real_model_maps_english_words_onto_vietnamese_terms(real_embedder):
    terms = ["hải đăng", "bến cảng", "ngân sách", "giáo dục", "rừng", "thuế", "bệnh viện"]
    terms += ["lũ lụt", "rà soát", "vấn đề"]
    reference = ["lighthouse", "harbour", "budget", "education", "forest", "tax", "hospital"]
    reference += ["flood", "review", "issue", "meeting", "plan", "report"]
    translator = TermTranslator(lambda: [], real_embedder, reference)
    translator._vectors = TermVectors(
        terms,
        np.array(real_embedder.embed_documents(terms)),
        np.array([real_embedder.embed_query(w) for w in reference]),
    )
    for english, vietnamese in [
        ("tax", "thuế"),
        ("hospital", "bệnh viện"),
        ("floods", "lũ lụt"),
        ("school", "giáo dục"),  # not a reference phrase
    ]:
        assert translator.translate(english, bar=0.0, most=1) == [vietnamese]


def test_feedback_translates_only_among_the_first_passages_terms(tmp_path):
    translator = TermTranslator(
        lambda: PASSAGES, ConceptEmbedder(), ["walrus", "lighthouse", "harbour"], tmp_path
    )
    # "hải mã" is the nearest term anywhere; among a passage without it, nothing of its concept
    assert translator.translate_within("walrus", [PASSAGES[1]], bar=0.0, most=1) != ["hải mã"]
    assert translator.translate_within("walrus", [PASSAGES[3]], bar=0.0, most=1) == ["hải mã"]
    assert translator.translate_within("walrus", ["không có gì"], bar=0.0, most=1) == []


class _Lexical:
    syllable_freq = {"zkp": 1, "vốn": 3}


class _SearchingRetriever(_Retriever):
    """A retriever whose snapshot writes "zkp" and whose search returns `passages`."""

    def __init__(self, embedder, cache_dir, passages):
        super().__init__(embedder, cache_dir)
        self.passages = passages
        self.searched: list[str] = []

    def snapshot(self):
        snapshot = _Snapshot()
        snapshot.lexical = _Lexical()
        return snapshot

    def search(self, text, k=5, filters=None, *, lexical_text=None, options=None):
        self.searched.append(text)
        chunk = type("Chunk", (), {"section": [], "context": []})
        return [
            type("Hit", (), {"chunk": type("C", (chunk,), {"text": p})()})()
            for p in self.passages[:k]
        ]


def test_an_acronym_the_collection_writes_is_searched_as_typed(tmp_path, monkeypatch):
    monkeypatch.setattr(english_terms, "LITERAL_WORDS", True)
    terms = CollectionTerms(_SearchingRetriever(ConceptEmbedder(), tmp_path, []))
    analysis = analyze("Who manages the ZKP walruses?")
    analysis.translations = {"walrus": ("hải mã",)}
    found = terms.literal(analysis)
    assert found["zkp"] == ("zkp",)
    assert found["walrus"] == ("hải mã",)  # not written in the collection: unchanged


@pytest.fixture
def feedback_retriever(tmp_path, monkeypatch):
    """A retriever whose first search finds PASSAGES[1], over a snapshot holding PASSAGES, with
    every collection term allowed (bar 0) and one feedback passage."""
    monkeypatch.setitem(english_terms.TRANSLATION_BARS, "concepts", 0.0)
    monkeypatch.setattr(english_terms, "reference_phrases", lambda glossary: list(ENGLISH))
    monkeypatch.setattr(english_terms, "FEEDBACK_PASSAGES", 1)
    retriever = _SearchingRetriever(ConceptEmbedder(), tmp_path, [PASSAGES[1]])
    retriever.snapshot = lambda: _Snapshot()
    _Snapshot.chunks = {
        str(i): type("Chunk", (), {"section": [], "context": [], "text": p})()
        for i, p in enumerate(PASSAGES)
    }
    yield retriever
    _Snapshot.chunks = {}


def test_feedback_replaces_a_words_terms_by_those_of_the_first_passages(
    feedback_retriever, monkeypatch
):
    terms = CollectionTerms(feedback_retriever)
    analysis = analyze("Where is the lighthouse?")
    analysis.translations = {"lighthous": ("bến cảng",)}
    found = terms.feedback(analysis)
    assert feedback_retriever.searched  # one first search
    assert found["lighthous"][0] in {"hải đăng", "ngọn hải đăng"}
    monkeypatch.setattr(english_terms, "FEEDBACK_PASSAGES", 0)
    assert terms.feedback(analysis) == analysis.translations  # off: the first terms stay


def test_feedback_keeps_a_word_the_collection_writes_as_typed(feedback_retriever):
    analysis = analyze("Where is the lighthouse?")
    analysis.translations = {"lighthous": ("lighthouse", "bến cảng")}
    found = CollectionTerms(feedback_retriever).feedback(analysis)
    assert found["lighthous"][0] == "lighthouse"
    assert "bến cảng" not in found["lighthous"]


def test_a_collection_without_candidate_terms_translates_nothing_and_does_not_fail():
    # A one-document store can yield no candidate term: the cached vectors are then (0, 1).
    import numpy as np

    from assistant.retrieval.term_translation import TermVectors

    terms = TermVectors([], np.zeros((0, 1), dtype=np.float32), np.ones((3, 4), dtype=np.float32))
    assert terms.nearest([1.0, 0.0, 0.0, 0.0], 3) == []

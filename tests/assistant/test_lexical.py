"""The BM25 index over syllables (assistant/retrieval/lexical.py): ranking, accent-free and
partly accented queries, filters, grouped queries, idf weights, coverage and spelling."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.retrieval.lexical import LexicalIndex, LexicalQuery, indexed_text

Q = LexicalQuery.of
G = LexicalQuery.concepts

ITEMS = [
    (
        "drought",
        ["2. Nhiệm vụ", "2.3. Ban cán sự đảng UBND tỉnh"],
        "Lãnh đạo UBND tỉnh chỉ đạo phòng, chống hạn hán, cháy rừng.",
    ),
    ("budget", ["1. Kinh tế"], "Thu ngân sách 6 tháng đầu năm 2020 đạt 3.500 tỷ đồng."),
    ("office", [], "Văn phòng Tỉnh ủy tổng hợp ý kiến góp ý, báo cáo Thường trực Tỉnh ủy."),
    ("growth", [], "Tăng trưởng kinh tế quý I/2024 đạt 3%, thu ngân sách tăng."),
]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(ITEMS)


def ids(hits: list[tuple[str, float]]) -> list[str]:
    return [chunk_id for chunk_id, _ in hits]


def test_the_passage_holding_the_query_ranks_first_and_only_matches_are_returned(index):
    hits = index.search(Q("phòng chống hạn hán"), k=4)
    assert ids(hits)[0] == "drought"
    assert all(score > 0 for _, score in hits)
    assert "budget" not in ids(hits)  # shares no word with the question
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert len(index.search(Q("ngân sách"), k=1)) == 1


def test_the_heading_path_is_searchable(index):
    # "Ban cán sự đảng" is only in the drought passage's heading, not in its text.
    assert ids(index.search(Q("Ban cán sự đảng"), k=4)) == ["drought"]


def test_a_query_without_accents_finds_the_accented_passage(index):
    assert ids(index.search(Q("phong chong han han"), k=1)) == ["drought"]
    assert ids(index.search(Q("van phong tinh uy"), k=1)) == ["office"]


def test_a_partly_accented_query_matches_its_accented_syllables_exactly(index):
    # "ngân" accented matches exactly; "sach" matches through the folded form.
    assert set(ids(index.search(Q("ngân sach"), k=4))) == {"budget", "growth"}


def test_a_mask_keeps_only_the_allowed_passages(index):
    mask = np.array([chunk_id != "growth" for chunk_id, _, _ in ITEMS])
    assert ids(index.search(Q("thu ngân sách"), k=4, mask=mask)) == ["budget"]


def test_a_concept_with_several_spellings_counts_once(index):
    one, other = "UBND tỉnh", "Ủy ban nhân dân tỉnh"
    grouped = index.scores(G([[one, other]]))
    assert grouped == pytest.approx(np.maximum(index.scores(Q(one)), index.scores(Q(other))))
    two_concepts = index.scores(G([[one, other], ["hạn hán"]]))
    assert two_concepts == pytest.approx(grouped + index.scores(Q("hạn hán")))


def test_an_empty_index_and_an_empty_query_find_nothing(index):
    assert LexicalIndex.build([]).search(Q("hạn hán"), k=5) == []
    assert len(LexicalIndex.build([])) == 0 and len(index) == 4
    assert index.search(Q("?!"), k=5) == []


def test_rarer_terms_weigh_more(index):
    # "tỉnh" is in three passages, "hạn" in one; a term no passage holds weighs the most.
    assert index.weight("hạn") > index.weight("tỉnh") > 0
    assert index.weight("lũ") == index.max_idf > index.weight("hạn")


def test_coverage_is_the_share_of_the_question_weight_a_passage_holds(index):
    passage = indexed_text(ITEMS[0][1], ITEMS[0][2])
    assert index.coverage(Q("chống hạn hán"), passage) == pytest.approx(1.0)
    assert index.coverage(Q("thu ngân sách"), passage) == 0.0
    partial = index.coverage(Q("chống hạn hán ngân sách"), passage)
    assert 0.0 < partial < 1.0
    # Weighted by idf: holding the rare word of a question covers more than the common one.
    assert index.coverage(Q("hạn tỉnh"), "hạn") > 0.5 > index.coverage(Q("hạn tỉnh"), "tỉnh") > 0


def test_excluded_terms_leave_both_sides_of_coverage(index):
    passage = "Văn phòng Tỉnh ủy tổng hợp ý kiến."
    question = "Văn phòng Tỉnh ủy tổng hợp ý kiến hạn hán"
    full = index.coverage(Q(question), passage)
    assert 0 < full < 1
    # What the passage's document says of itself (the question names the missing words there)
    excluded = frozenset({"hạn", "hán", "hạn_hán", "kiến_hạn"})
    assert index.coverage(Q(question), passage, excluded) == pytest.approx(1.0)


def test_coverages_read_from_the_index_agree_with_coverage():
    index = LexicalIndex.build(ITEMS)
    query = "Tỉnh ủy tổng hợp ý kiến về ngân sách"
    fast = index.coverages(Q(query), range(len(ITEMS)), [frozenset()] * len(ITEMS))
    slow = [index.coverage(Q(query), indexed_text(s, t)) for _, s, t in ITEMS]
    assert list(fast) == pytest.approx(slow)


def test_typos_are_corrected_to_the_collections_own_syllables(index):
    assert index.correct_spelling("hạn hàn") == "hạn hán"
    assert index.correct_spelling("chóng hạn hán") == "chống hạn hán"
    assert index.correct_spelling("hạn hán") == "hạn hán"  # known words are left alone
    # A typo fixed before searching finds the passage the intended words are in.
    assert ids(index.search(Q(index.correct_spelling("chóng hạn hàn")), k=1)) == ["drought"]


def test_a_lexical_query_is_typed_text_or_concepts():
    typed = LexicalQuery.of("phòng chống hạn hán")
    assert typed.groups == (("phòng chống hạn hán",),) and typed.alternatives == []
    assert typed.with_terms(["tồn tại"]).text == "phòng chống hạn hán tồn tại"
    assert typed.without_words(("chống",)).text == "phòng hạn hán"
    concepts = G([["UBND tỉnh", "Ủy ban nhân dân tỉnh"], ["hạn hán"]])
    assert concepts.text == "UBND tỉnh Ủy ban nhân dân tỉnh hạn hán"
    assert concepts.alternatives == [["UBND tỉnh", "Ủy ban nhân dân tỉnh"], ["hạn hán"]]
    # Terms added to concepts are one more concept, any of them enough.
    assert concepts.with_terms(["tồn tại", "yếu kém"]).groups[-1] == ("tồn tại", "yếu kém")
    assert concepts.without_words(("hạn hán",)).groups == (("UBND tỉnh", "Ủy ban nhân dân tỉnh"),)
    assert Q("").is_empty() and G([]).is_empty() and not typed.is_empty()


def test_an_absent_concept_weighs_as_its_commonest_spelling(index):
    # "tỉnh" is common, "lũ" in no passage: a concept spelled either way that the passage lacks
    # costs what "tỉnh" weighs, not what the rare spelling does, in both coverage measures.
    passage = indexed_text(ITEMS[0][1], ITEMS[0][2])
    query = G([["hạn hán"], ["lũ", "ngân sách"]])
    commonest = G([["hạn hán"], ["ngân sách"]])
    assert index.coverage(query, "hạn hán") == pytest.approx(index.coverage(commonest, "hạn hán"))
    fast = index.coverages(query, [0], [frozenset()])
    assert fast[0] == pytest.approx(index.coverage(query, passage))


def test_an_optional_concept_counts_only_where_it_is_held(index):
    passage = indexed_text(ITEMS[0][1], ITEMS[0][2])
    required = G([["hạn hán"], ["ngân sách"]])
    optional = G([["hạn hán"], ["ngân sách"]], optional=[False, True])
    assert index.coverage(required, passage) < 1.0
    assert index.coverage(optional, passage) == pytest.approx(1.0)  # absent: left out
    budget = indexed_text(ITEMS[1][1], ITEMS[1][2])
    assert index.coverage(optional, budget) == pytest.approx(index.coverage(required, budget))
    fast = index.coverages(optional, range(len(ITEMS)), [frozenset()] * len(ITEMS))
    slow = [index.coverage(optional, indexed_text(s, t)) for _, s, t in ITEMS]
    assert list(fast) == pytest.approx(slow)
    # The flag follows its concept when concepts are added or taken away.
    assert optional.with_terms(["tồn tại"]).optional == (False, True, False)
    assert optional.without_words(("hạn hán",)).optional == (True,)
    assert G([["hạn hán"]], optional=[False]).optional == ()


def test_a_figure_written_otherwise_counts_as_held_by_its_meaning():
    index = LexicalIndex.build(ITEMS)
    passage = "người có lương hưu dưới 3.500.000 đồng/tháng từ ngày 01 tháng 7 năm 2026"
    for question in ("lương hưu dưới 3,5 triệu đồng", "từ 1/7/2026"):
        assert index.coverage(Q(question), passage) == pytest.approx(1.0), question
    assert index.coverage(Q("lương hưu dưới 4,5 triệu đồng"), passage) < 0.9
    # the batch measure agrees (bands aside)
    items = [("p", [], passage)]
    batch = LexicalIndex.build(items)
    fast = batch.coverages(Q("lương hưu dưới 3,5 triệu đồng"), [0], [frozenset()])
    assert fast[0] == pytest.approx(batch.coverage(Q("lương hưu dưới 3,5 triệu đồng"), passage))


def test_an_amount_inside_a_band_the_passage_states_counts_as_held(index):
    band = "mức lương hưu từ 2.700.000 đồng/tháng đến dưới 3.000.000 đồng/tháng"
    assert index.coverage(Q("lương hưu 2,8 triệu"), band) == pytest.approx(1.0)
    assert index.coverage(Q("lương hưu 6,8 triệu"), band) < 0.9


def test_membership_by_binary_search_equals_isin():
    from assistant.retrieval.lexical import _held

    rng = np.random.default_rng(0)
    for size in (0, 1, 7, 500):
        holding = np.unique(rng.integers(0, 1000, size))
        positions = rng.integers(0, 1001, 300)
        assert np.array_equal(_held(positions, holding), np.isin(positions, holding))

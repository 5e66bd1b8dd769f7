"""Re-ranking (assistant/retrieval/rerank.py): coverage, the answer-type bonus, the off-topic
penalty and the places a passage leaves to its notice, on hand-made hits over a real lexical
index."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.core.records import ChunkRecord, DocumentRecord
from assistant.retrieval import rerank
from assistant.retrieval.lexical import LexicalIndex, LexicalQuery
from assistant.retrieval.rerank import ANSWER_TYPE_BONUS, OFF_TOPIC_PENALTY, Reranker
from assistant.retrieval.search import Hit

PASSAGES = {
    "a": "Kế hoạch phát triển du lịch năm 2024 của tỉnh.",
    "b": "Kế hoạch phát triển du lịch năm 2025, kinh phí 3.500.000 đồng.",
    "c": "Kế hoạch phát triển du lịch: các huyện báo cáo kết quả.",
}


class _Retriever:
    """What the reranker reads of a HybridRetriever: the snapshot's lexical index and a hit's
    indexed text."""

    def __init__(self) -> None:
        index = LexicalIndex.build([(cid, [], text) for cid, text in PASSAGES.items()])
        self._snapshot = SimpleNamespace(lexical=index)

    def snapshot(self):
        return self._snapshot

    def passage_text(self, hit: Hit) -> str:
        return hit.chunk.text


def _hit(chunk_id: str, score: float, **doc) -> Hit:
    text = PASSAGES[chunk_id]
    chunk = ChunkRecord(chunk_id, f"doc-{chunk_id}", text, [], 0, len(text))
    return Hit(chunk=chunk, doc=DocumentRecord(doc_id=f"doc-{chunk_id}", **doc), score=score)


def _reranker(texts: dict[str, str] | None = None) -> Reranker:
    return Reranker(_Retriever(), lambda doc_id: (texts or {}).get(doc_id))


QUERY = LexicalQuery.of("kế hoạch phát triển du lịch năm 2025")


def _base(hit: Hit) -> float:
    """The hit's score without what its coverage added (COVERAGE_WEIGHT x coverage)."""
    return hit.score - rerank.COVERAGE_WEIGHT * hit.coverage


def test_a_passage_without_the_asked_year_drops_below_one_with_it():
    hits = [_hit("a", 1.0), _hit("b", 0.8)]
    ranked = _reranker().rerank(hits, 2, QUERY, ["2025"], [])
    assert [h.chunk.chunk_id for h in ranked] == ["b", "a"]
    off = ranked[1]
    assert _base(off) == pytest.approx(1.0 - OFF_TOPIC_PENALTY) and off.answers is False
    assert _base(ranked[0]) == pytest.approx(0.8) and ranked[0].answers is True  # no test given


def test_a_passage_holding_the_answer_type_is_promoted_and_k_cuts_the_list():
    hits = [_hit("c", 1.0), _hit("b", 0.9)]
    ranked = _reranker().rerank(hits, 1, QUERY, [], [], answers=lambda h: "đồng" in h.chunk.text)
    assert [h.chunk.chunk_id for h in ranked] == ["b"]
    assert _base(ranked[0]) == pytest.approx(0.9 + ANSWER_TYPE_BONUS) and ranked[0].answers
    assert hits[0].answers is False and _base(hits[0]) == pytest.approx(1.0)


def test_coverage_is_the_share_of_the_question_the_passage_holds():
    ranked = _reranker().rerank([_hit("c", 1.0), _hit("b", 0.5)], 2, QUERY, [], [])
    coverage = {h.chunk.chunk_id: h.coverage for h in ranked}
    assert coverage["b"] == 1.0  # every word of the question
    assert 0.0 < coverage["c"] < coverage["b"]  # no year


def test_a_place_named_by_the_notice_not_the_passage_is_on_topic_and_its_own_is_covered():
    query = LexicalQuery.of("kế hoạch phát triển du lịch Đắk Lắk")
    by_metadata = _hit("c", 1.0, place="Đắk Lắk")
    stranger = _hit("a", 1.0, place="Lâm Đồng")
    reranker = _reranker({"doc-c": "Đắk Lắk, ngày 2 tháng 3 năm 2025\nKế hoạch ..."})
    ranked = reranker.rerank([by_metadata, stranger], 2, query, [], ["Đắk Lắk"])
    assert ranked[0] is by_metadata and _base(by_metadata) == pytest.approx(1.0)
    # The place is added to what the passage covers.
    alone = reranker.retriever.snapshot().lexical.coverage(query, PASSAGES["c"])
    assert by_metadata.coverage > alone
    assert _base(stranger) == pytest.approx(1.0 - OFF_TOPIC_PENALTY)


def test_a_province_named_only_in_the_notices_text_counts_too():
    query = LexicalQuery.of("kế hoạch phát triển du lịch Đắk Lắk")
    texts = {"doc-c": "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK\nKế hoạch phát triển du lịch ..."}
    hit, elsewhere = _hit("c", 1.0), _hit("c", 1.0)
    _reranker(texts).rerank([hit], 1, query, [], ["Đắk Lắk"])
    assert _base(hit) == pytest.approx(1.0)
    # A notice that names the province only as a topic ("thành phố ..."), not as its own.
    topic = {"doc-c": "Kế hoạch du lịch thành phố Đắk Lắk ..."}
    _reranker(topic).rerank([elsewhere], 1, query, [], ["Đắk Lắk"])
    assert _base(elsewhere) == pytest.approx(1.0)  # named in the notice: on topic
    assert hit.coverage > elsewhere.coverage  # but only its own province counts as covered


def test_coverage_joins_the_score_so_the_passage_holding_more_of_the_question_can_overtake():
    # "c" shares the topic words, "b" holds the whole question (its year too).
    ranked = _reranker().rerank([_hit("c", 1.1), _hit("b", 1.0)], 2, QUERY, [], [])
    assert [h.chunk.chunk_id for h in ranked] == ["b", "c"]


def test_coverage_weight_zero_leaves_the_fused_order(monkeypatch):
    monkeypatch.setattr(rerank, "COVERAGE_WEIGHT", 0.0)
    ranked = _reranker().rerank([_hit("c", 1.1), _hit("b", 1.0)], 2, QUERY, [], [])
    assert [h.chunk.chunk_id for h in ranked] == ["c", "b"]


def test_a_year_inside_a_longer_number_or_a_cited_notices_number_is_not_the_year():
    assert rerank.names_year("2020", "6 thang dau nam 2020") and rerank.names_year("2020", "6/2020")
    assert rerank.names_year("2020", "nhiem ky 2015-2020")
    assert not rerank.names_year("2020", "theo thong tu 95/2020/tt-btc")
    assert not rerank.names_year("2020", "ma so 120200")
    passages = {"a": "Kế hoạch phát triển du lịch theo Thông tư 95/2025/TT-BTC."}
    hit = Hit(
        chunk=ChunkRecord("a", "doc-a", passages["a"], [], 0, len(passages["a"])),
        doc=DocumentRecord(doc_id="doc-a"),
        score=1.0,
    )
    _reranker().rerank([hit], 1, QUERY, ["2025"], [])
    assert _base(hit) == pytest.approx(1.0 - OFF_TOPIC_PENALTY)
    # A year the question gives inside a notice's number is met by that number.
    named = LexicalQuery.of("du lịch theo Thông tư 95/2025")
    again = Hit(chunk=hit.chunk, doc=hit.doc, score=1.0)
    _reranker().rerank([again], 1, named, ["2025"], [])
    assert _base(again) == pytest.approx(1.0 + rerank.CITED_NOTICE_BONUS)  # on topic, citing it


@pytest.mark.parametrize(
    ("text", "number", "doc_type", "named"),
    [
        ("Nghị quyết số 19 giao ai chủ trì", "19/2026/NQ-CP", "Nghị quyết", True),
        ("Quyết định số 19 giao ai chủ trì", "19/2026/NQ-CP", "Nghị quyết", False),
        ("qd 892 phe duyet de an", "892/QĐ-TTg", "Quyết định", True),
        ("Quyết định 139/2025/QĐ-TTg hiệu lực", "138/2025/QĐ-TTg", "Quyết định", False),
        ("Quyết định 139/2025/QĐ-TTg hiệu lực", "139/2025/QĐ-TTg", "Quyết định", True),
        ("thông tư nghèo có hiệu lực 02/2023", "02/2023/TT-BLĐTBXH", "Thông tư", True),
        ("lương hưu tháng 7/2023 tăng bao nhiêu", "7/2023/TT-BTC", "Thông tư", False),
        ("tăng 19 xã nông thôn mới", "19/2026/NQ-CP", "Nghị quyết", False),
    ],
)
def test_the_notice_a_question_names_by_number(text, number, doc_type, named):
    assert rerank.is_named(number, doc_type, rerank.named_notices(text)) is named


def test_the_passages_of_the_named_notice_gain_the_bonus():
    hits = [_hit("b", 1.0, number="138/2025/TT-BTC"), _hit("c", 1.0, number="139/2025/TT-BTC")]
    query = LexicalQuery.of("Thông tư 139/2025/TT-BTC kế hoạch")
    _reranker().rerank(hits, 2, query, [], [])
    # The other circular neither is the named one nor cites it: off topic as well.
    assert _base(hits[1]) - _base(hits[0]) == pytest.approx(
        rerank.NAMED_NOTICE_BONUS + OFF_TOPIC_PENALTY
    )


def test_another_notice_answers_a_question_naming_one_only_when_it_cites_it():
    texts = {"doc-b": "Thông tư này sửa đổi Thông tư số 139/2025/TT-BTC.", "doc-c": "Khác."}
    hits = [_hit("b", 1.0, number="5/2026/TT-BTC"), _hit("c", 1.0, number="6/2026/TT-BTC")]
    query = LexicalQuery.of("Thông tư 139/2025/TT-BTC kế hoạch")
    _reranker(texts).rerank(hits, 2, query, [], [], answers=lambda h: True)
    assert [h.answers for h in hits] == [True, False]


@pytest.mark.parametrize(
    ("parts", "answers"),
    [
        ([["Điều 4"]], [True, False]),
        ([["Điều 45"]], [False, False]),  # "Điều 4" is not "Điều 45", nor the reverse
        ([["Quốc hội", "QH"]], [False, True]),
    ],
)
def test_an_article_or_body_the_question_names_must_be_in_the_passage_or_its_notice(parts, answers):
    texts = {"doc-b": "Điều 4. Hiệu lực thi hành", "doc-c": "Trình Quốc hội tại kỳ họp."}
    hits = [_hit("b", 1.0), _hit("c", 1.0)]
    _reranker(texts).rerank(hits, 2, QUERY, [], [], answers=lambda h: True, parts=parts)
    assert [h.answers for h in hits] == answers


def test_a_passage_citing_the_named_notice_outranks_its_sibling_citing_a_neighbour():
    # One correction, two articles: the notice's title names both circulars, so only the
    # passages' own headings tell which one each corrects.
    texts = {"b": "Chỉnh sửa cụm từ khoản 1 thành khoản 2.", "c": "Chỉnh sửa cụm từ điểm đ."}
    heads = {
        "b": ["Điều 1. Đính chính Thông tư số 138/2025/TT-BTC"],
        "c": ["Điều 2. Đính chính Thông tư số 139/2025/TT-BTC"],
    }
    hits = [
        Hit(
            chunk=ChunkRecord(cid, "doc-q", texts[cid], heads[cid], 0, len(texts[cid])),
            doc=DocumentRecord(doc_id="doc-q", number="372/QĐ-BTC", doc_type="Quyết định"),
            score=1.0 if cid == "c" else 0.95,
        )
        for cid in ("c", "b")
    ]
    query = LexicalQuery.of("Quyết định 372/QĐ-BTC sửa cụm từ nào của Thông tư 138/2025/TT-BTC")
    ranked = _reranker().rerank(hits, 2, query, [], [])
    assert [h.chunk.text for h in ranked][0] == texts["b"]
    base = {h.chunk.text: h.score - rerank.COVERAGE_WEIGHT * h.coverage for h in ranked}
    bonus = rerank.NAMED_NOTICE_BONUS
    assert base[texts["b"]] == pytest.approx(0.95 + bonus + rerank.CITED_NOTICE_BONUS)
    assert base[texts["c"]] == pytest.approx(1.0 + bonus)


# --- which documents: documents stand by their heading or their best passage ---------------

DOCUMENT_PASSAGES = {
    # doc-x: a 2022 circular of the planning ministry; its heading first
    "x0": ("doc-x", "BỘ KẾ HOẠCH VÀ ĐẦU TƯ Số: 16/2022/TT-BKHĐT THÔNG TƯ Ngưng hiệu lực"),
    "x1": ("doc-x", "Gói thầu mua sắm hàng hóa chia thành nhiều phần được ngưng lộ trình."),
    "x2": ("doc-x", "Thông tư này có hiệu lực thi hành kể từ ngày ký."),
    # doc-y: a decision of another body on another topic
    "y0": ("doc-y", "THỦ TƯỚNG CHÍNH PHỦ Số: 798/QĐ-TTg QUYẾT ĐỊNH Kiện toàn Ban Chỉ đạo"),
    "y1": ("doc-y", "Kinh phí hoạt động của Ban Chỉ đạo bố trí trong dự toán của Bộ Nội vụ."),
}
DOCUMENTS = {
    "doc-x": DocumentRecord(
        doc_id="doc-x",
        title="Thông tư ngưng hiệu lực thông tư về đấu thầu qua mạng",
        number="16/2022/TT-BKHĐT",
        issuer="BỘ KẾ HOẠCH VÀ ĐẦU TƯ",
        date="2022-07-29",
    ),
    "doc-y": DocumentRecord(
        doc_id="doc-y",
        title="Quyết định kiện toàn Ban Chỉ đạo cải cách tiền lương",
        number="798/QĐ-TTg",
        issuer="THỦ TƯỚNG CHÍNH PHỦ",
        date="2026-05-05",
    ),
}


class _DocumentsRetriever:
    """A retriever over two notices whose first passage is their heading."""

    def __init__(self) -> None:
        ids = list(DOCUMENT_PASSAGES)
        index = LexicalIndex.build([(cid, [], DOCUMENT_PASSAGES[cid][1]) for cid in ids])
        self.chunks = {
            cid: ChunkRecord(cid, doc, text, [], 0, len(text))
            for cid, (doc, text) in DOCUMENT_PASSAGES.items()
        }
        spans = {"doc-x": (0, 3), "doc-y": (3, 5)}
        self._snapshot = SimpleNamespace(
            lexical=index, chunks=self.chunks, doc_span=lambda doc_id: spans[doc_id]
        )

    def snapshot(self):
        return self._snapshot

    def passage_text(self, hit: Hit) -> str:
        return hit.chunk.text

    def hit(self, chunk_id: str, score: float) -> Hit:
        chunk = self.chunks[chunk_id]
        return Hit(chunk=chunk, doc=DOCUMENTS[chunk.doc_id], score=score)


def _listed(question: str, scores: dict[str, float], k: int = 5, per_doc: int = 2) -> list[str]:
    retriever = _DocumentsRetriever()
    hits = [retriever.hit(cid, score) for cid, score in scores.items()]
    reranker = Reranker(retriever, lambda doc_id: None)
    listed = reranker.by_document(hits, k, LexicalQuery.of(question), per_doc)
    return [h.chunk.chunk_id for h in listed]


def test_a_question_naming_the_notices_by_issuer_and_year_lists_their_headings():
    # The title, issuer and date hold the question: the heading (number, date, issuer)
    # stands for the notice, with the score of its best passage, ahead of its other passage.
    listed = _listed("thông tư Bộ Kế hoạch và Đầu tư năm 2022", {"x1": 1.0, "y1": 0.4})
    assert listed[:2] == ["x0", "x1"]


def test_a_topic_question_keeps_each_notices_best_passage():
    # "kinh phí ... dự toán" is in neither title: doc-y stands by the passage that holds it.
    listed = _listed("kinh phí bố trí trong dự toán", {"y1": 1.0, "x2": 0.3})
    assert listed == ["y1", "x2"]


def test_at_most_per_doc_passages_of_one_notice_and_k_cuts_the_list(monkeypatch):
    monkeypatch.setattr(rerank, "HEADER_TITLE_SHARE", 2.0)  # never the heading
    scores = {"x1": 1.0, "x2": 0.9, "x0": 0.8, "y1": 0.5}
    assert _listed("gói thầu", scores, per_doc=2) == ["x1", "x2", "y1"]
    assert _listed("gói thầu", scores, k=2, per_doc=1) == ["x1", "y1"]
